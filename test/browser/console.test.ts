import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { launchChromium, startCli, type Cli } from './browserHelpers';

const PAGE = `<!doctype html><html><head><title>console</title></head><body><p id="x">x</p>
<script src="app.js"></script></body></html>`;
const APP = `const loop = { name: 'loop' }; loop.self = loop;
console.error('from the page', loop, document.getElementById('x'));
console.log('chatter stays in the page');
setTimeout(() => { throw new TypeError('thrown later'); }, 20);
`;

describe('the browser console in the terminal (ferrox --live)', function () {
  this.timeout(30_000);
  let dir: string;
  let cli: Cli;
  let browser: Browser;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-console-'));
    fs.writeFileSync(path.join(dir, 'index.html'), PAGE);
    fs.writeFileSync(path.join(dir, 'app.js'), APP);
    cli = await startCli([dir, '--port', '0', '--live']);
    browser = await launchChromium(chromium);
  });
  after(async () => {
    await browser?.close();
    await cli?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints console.error and uncaught errors on stderr with the file, line and column, and not console.log', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(cli.url);
      const deadline = Date.now() + 10_000;
      while (!/thrown later/.test(cli.stderr()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const lines = cli.stderr().split('\n').filter((l) => l.startsWith('browser '));
      const file = path.join(fs.realpathSync(dir), 'app.js');
      assert.ok(lines.includes(`browser error /: from the page {name: "loop", self: [Circular]} <p#x> (${file}:2:9)`), lines.join('\n'));
      assert.ok(lines.some((l) => l.startsWith('browser error /: Uncaught TypeError: thrown later (') && l.includes('app.js:4:')), lines.join('\n'));
      assert.ok(!lines.some((l) => /chatter/.test(l)), 'console.log is left out by default');
    } finally {
      await page.close();
    }
  });
});
