import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './cliRun';

describe('ferrox --open and --browser', function () {
  this.timeout(20_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-cli-open-'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>cli</title>');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('--open, -o and --browser CMD start the browser command with the URL; a browser that is not here is a usage error', async () => {
    const record = path.join(dir, 'opened.txt');
    const stub = path.join(dir, 'open-stub.js');
    fs.writeFileSync(
      stub,
      `require('fs').appendFileSync(${JSON.stringify(record)}, process.argv.slice(2).join(' ') + '\\n');`,
    );
    const browser = `"${process.execPath}" "${stub}" --private-window`;
    // --browser alone opens too; -o and --open with it open once each.
    for (const flags of [
      ['--browser', browser],
      ['-o', '--browser', browser],
      ['--open', '--browser', browser],
    ]) {
      fs.rmSync(record, { force: true });
      const cli = runCli([dir, '--port', '0', '--quiet', ...flags]);
      try {
        const [, url] = await cli.waitFor(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
        for (let i = 0; i < 100 && !fs.existsSync(record); i++) await new Promise((r) => setTimeout(r, 20));
        assert.equal(fs.readFileSync(record, 'utf8'), `--private-window ${url}\n`);
      } finally {
        await cli.stop();
      }
    }
    for (const [value, message] of [
      ['safari', /--browser "safari": safari is not a browser on this system/],
      ['"chrome', /--browser "\\"chrome": unclosed " in/],
    ] as const) {
      const bad = runCli([dir, '--port', '0', '--browser', value]);
      assert.equal(await bad.exited, 2);
      assert.match(bad.stderr(), message);
    }
  });
});
