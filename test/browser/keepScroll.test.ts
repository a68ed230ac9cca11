import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { browserSuite, freePort, liveConnected, startCli, type Cli } from './browserHelpers';

const PAGE = `<!doctype html><html><head><title>long</title><style>#box{height:150px;overflow:auto}</style></head><body>
<div id="box">${Array.from({ length: 60 }, (_, i) => `<p>box line ${i}</p>`).join('')}</div>
${Array.from({ length: 200 }, (_, i) => `<p id="p${i}">paragraph ${i}</p>`).join('\n')}
<script src="app.js"></script></body></html>`;

describe('scroll kept over a full reload, in Chromium (ferrox --live)', function () {
  this.timeout(30_000);
  const suite = browserSuite('keepscroll', { 'index.html': PAGE, 'app.js': 'window.version = 1;\n' });
  let cli: Cli;

  before(async () => {
    cli = await startCli([suite.dir, '--port', String(await freePort()), '--live', '--quiet']);
    suite.onClose(() => cli.stop());
  });

  it('comes back where the page and its scrolling element were when a script change reloads it', async () => {
    const page = await suite.openLive(cli.url);
    try {
      await page.evaluate(() => {
        window.scrollTo(0, 2400);
        document.getElementById('box')!.scrollTop = 700;
      });
      const reloaded = page.waitForEvent('load');
      fs.writeFileSync(path.join(suite.dir, 'app.js'), 'window.version = 2;\n');
      await reloaded;
      await liveConnected(page);
      assert.equal(
        await page.evaluate(() => (window as unknown as { version: number }).version),
        2,
        'the new script ran',
      );
      await page
        .waitForFunction(
          () => window.scrollY === 2400 && document.getElementById('box')!.scrollTop === 700,
          undefined,
          { timeout: 15_000 },
        )
        .catch(async () =>
          assert.fail(
            `scrolled to ${await page.evaluate(() => `${window.scrollY}, box ${document.getElementById('box')!.scrollTop}`)}`,
          ),
        );
    } finally {
      await page.close();
    }
  });
});
