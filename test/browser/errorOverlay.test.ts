import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import type { Page } from 'playwright-core';
import { FerroxServer, type RevealEvent } from '../../src/core';
import { browserSuite, liveConnected, PHONE, startCli, until } from './browserHelpers';

const SOURCE = `// app.ts, bundled to dist/app.js with a source map
export function start(n: number): number {
  if (n > 1) throw new Error('boom on the phone');
  return n;
}
start(2);
`;
const ARTIFACTS = path.resolve(__dirname, '../../../test-artifacts');

/** The overlay's text (it lives in a shadow root), or null when there is none. */
function overlayText(page: Page): Promise<string | null> {
  return page.evaluate(() => document.querySelector('[data-ferrox-errors]')?.shadowRoot?.textContent ?? null);
}

describe('the error overlay, in Chromium on a phone', function () {
  this.timeout(30_000);
  const suite = browserSuite('overlay');
  let root: string;

  before(() => {
    suite.write('src/app.ts', SOURCE);
    root = path.join(suite.dir, 'dist');
    buildSync({ entryPoints: [path.join(suite.dir, 'src', 'app.ts')], bundle: true, outfile: path.join(root, 'app.js'), sourcemap: 'linked', logLevel: 'silent' });
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><html><head><meta name="viewport" content="width=device-width"><title>phone</title></head>' +
      '<body><h1>A page on a phone</h1><p>Its script throws.</p><script src="app.js"></script></body></html>\n');
  });

  it('shows a shared page\'s thrown error in a badge with the original file:line; a tap shows the stack; × hides it', async () => {
    const cli = await startCli([root, '--port', '0', '--share', '--live', '--quiet']);
    const phone = await suite.browser.newContext(PHONE);
    try {
      const page = await phone.newPage();
      await page.goto(/^Serving .+ at (\S+)/.exec(cli.firstLine)![1]);
      await liveConnected(page);
      await page.waitForFunction(() => /src\/app\.ts:3:/.test(document.querySelector('[data-ferrox-errors]')?.shadowRoot?.textContent ?? ''));
      const text = await overlayText(page);
      assert.match(text!, /Error: boom on the phone/);
      assert.match(text!, /\.\.\/src\/app\.ts:3:\d+/, 'the position in app.ts, by the source map');
      const box = await page.locator('[data-ferrox-errors]').boundingBox();
      assert.ok(box && box.y > 844 / 2 && box.height <= 60, `a small badge at the bottom, not over the page: ${JSON.stringify(box)}`);
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.locator('[data-ferrox-errors] >> css=.summary').tap();
      assert.match((await overlayText(page))!, /at start \(.*app\.js:\d+:\d+\)/, 'the stack');
      await page.screenshot({ path: path.join(ARTIFACTS, 'overlay-phone.png') });
      await page.locator('[data-ferrox-errors] >> css=.close').tap();
      assert.equal(await overlayText(page), null, 'hidden until the next error');
    } finally {
      await phone.close();
      await cli.stop();
    }
  });

  it('shows nothing on a page that is not shared, unless --error-overlay always', async () => {
    for (const [args, shown] of [[[], false], [['--error-overlay', 'always'], true]] as const) {
      const cli = await startCli([root, '--port', '0', '--live', '--quiet', ...args]);
      const page = await suite.browser.newPage();
      try {
        await page.goto(cli.url);
        await liveConnected(page);
        // The error is thrown as the page loads; the overlay, when on, shows it from the early queue.
        if (shown) await page.waitForSelector('[data-ferrox-errors]', { state: 'attached' });
        else assert.equal(await page.evaluate(() => (window as unknown as { __ferroxLive: { errors?: unknown } }).__ferroxLive.errors), undefined);
        assert.equal((await overlayText(page)) !== null, shown);
      } finally {
        await page.close();
        await cli.stop();
      }
    }
  });

  it('with an editor listening, a tap on the error\'s place asks it to open the source: the served script and, by its map, app.ts:3', async () => {
    const server = new FerroxServer({ root, port: 0, liveReload: true, errorOverlay: 'always' });
    const reveals: RevealEvent[] = [];
    server.setRevealHandler((e) => reveals.push(e));
    // As the hosts do: the project (src/ beside the served dist/) is where originals may be.
    server.setSourceRoots([suite.dir]);
    await server.start();
    const page = await suite.browser.newPage();
    try {
      await page.goto(server.address!.url);
      await page.waitForFunction(() => /src\/app\.ts:3:/.test(document.querySelector('[data-ferrox-errors]')?.shadowRoot?.textContent ?? ''));
      await page.locator('[data-ferrox-errors] >> css=.summary').click();
      await page.locator('[data-ferrox-errors] >> css=button.where').click();
      await until('the reveal', () => reveals.length > 0);
      const [reveal] = reveals;
      assert.ok(!('element' in reveal));
      assert.equal(reveal.file, path.join(root, 'app.js'));
      assert.deepEqual(reveal.original && { ...reveal.original, column: 0 }, { file: path.join(suite.dir, 'src', 'app.ts'), line: 3, column: 0 });
    } finally {
      await page.close();
      await server.stop();
    }
  });
});
