import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { until } from '../../shared/processes';
import { runCli } from './cliRun';

describe('what the ferrox command says when something is not as asked', function () {
  this.timeout(20_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-cli-messages-'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>cli</title>');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a busy default port moves on to the next free one and says so; a chosen one does not', async () => {
    const blocker = net.createServer();
    const blocked = await new Promise<boolean>((r) =>
      blocker.once('error', () => r(false)).listen(8080, '127.0.0.1', () => r(true)),
    );
    try {
      // 8080 is busy either way: ours, or whoever holds it.
      const cli = runCli([dir, '--quiet']);
      const [, port] = await cli.waitFor(/at http:\/\/127\.0\.0\.1:(\d+)\//);
      assert.notEqual(port, '8080');
      await until('the reason', () =>
        /port 8080 is in use, so this server took \d+ \(choose one with --port N\)/.test(cli.stderr()),
      );
      assert.equal(await cli.stop(), 0);
      const chosen = runCli([dir, '--port', '8080']);
      assert.equal(await chosen.exited, 1, 'a chosen port is kept or fails');
    } finally {
      if (blocked) blocker.close();
    }
  });

  it('says why a shared server bound to loopback has no network link, that a --not-found-page is missing, and that --open failed', async () => {
    const cli = runCli([
      dir,
      '--port',
      '0',
      '--share',
      '--host',
      '127.0.0.1',
      '--not-found-page',
      'nope.html',
      '--browser',
      'false',
    ]);
    await cli.waitFor(
      /Network: {2}it listens on 127\.0\.0\.1 alone \(leave --host out to share\): only this machine can open it/,
    );
    await until(
      'both warnings',
      () =>
        /--not-found-page nope\.html is not in/.test(cli.stderr()) &&
        /could not open false \(false exited with 1\); open http:\/\/127\.0\.0\.1:\d+\/\S* yourself/.test(cli.stderr()),
    );
    assert.equal(await cli.stop(), 0);
  });

  it('Ctrl+C that cuts a download short says how many were cut', async () => {
    fs.writeFileSync(path.join(dir, 'big.bin'), Buffer.alloc(64 * 1024 * 1024, 1));
    const cli = runCli([dir, '--port', '0', '--quiet']);
    const [, port] = await cli.waitFor(/at http:\/\/127\.0\.0\.1:(\d+)\//);
    // A client that reads nothing: its download cannot finish before the 3 s deadline.
    const res = await new Promise<http.IncomingMessage>((resolve) =>
      http.get({ host: '127.0.0.1', port: Number(port), path: '/big.bin', agent: false }, resolve),
    );
    res.pause();
    res.on('error', () => undefined);
    assert.equal(await cli.stop('SIGINT'), 0);
    assert.match(cli.stderr(), /^ferrox: stopped, cutting 1 transfer short$/m);
  });
});
