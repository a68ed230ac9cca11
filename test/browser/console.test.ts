import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { browserSuite, startCli, until, type Cli } from './browserHelpers';

const PAGE = `<!doctype html><html><head><title>console</title></head><body><p id="x">x</p>
<script src="app.js"></script></body></html>`;
const APP = `const loop = { name: 'loop' }; loop.self = loop;
console.error('from the page', loop, document.getElementById('x'));
console.log('chatter stays in the page');
setTimeout(() => { throw new TypeError('thrown later'); }, 20);
`;

describe('the browser console in the terminal (ferrox --live)', function () {
  this.timeout(30_000);
  const suite = browserSuite('console', { 'index.html': PAGE, 'app.js': APP });
  let cli: Cli;

  before(async () => {
    cli = await startCli([suite.dir, '--port', '0', '--live']);
    suite.onClose(() => cli.stop());
  });

  it('prints console.error and uncaught errors on stderr with the file, line and column, and not console.log', async () => {
    const page = await suite.browser.newPage();
    try {
      await page.goto(cli.url);
      await until('the uncaught error on stderr', () => /thrown later/.test(cli.stderr()), 10_000);
      const lines = cli
        .stderr()
        .split('\n')
        .filter((l) => l.startsWith('browser '));
      const file = path.join(suite.dir, 'app.js');
      assert.ok(
        lines.includes(`browser error /: from the page {name: "loop", self: [Circular]} <p#x> (${file}:2:9)`),
        lines.join('\n'),
      );
      assert.ok(
        lines.some(
          (l) => l.startsWith('browser error /: Uncaught TypeError: thrown later (') && l.includes('app.js:4:'),
        ),
        lines.join('\n'),
      );
      assert.ok(!lines.some((l) => /chatter/.test(l)), 'console.log is left out by default');
    } finally {
      await page.close();
    }
  });
});
