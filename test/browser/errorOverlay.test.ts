import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { FerroxServer, type RevealEvent } from '../../src/core';
import { browserSuite, bundledSite, liveConnected, PHONE, startCli, until } from './browserHelpers';

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
    root = bundledSite(suite, SOURCE);
    fs.writeFileSync(
      path.join(root, 'index.html'),
      '<!doctype html><html><head><meta name="viewport" content="width=device-width"><title>phone</title></head>' +
        '<body><h1>A page on a phone</h1><p>Its script throws.</p><script src="app.js"></script></body></html>\n',
    );
  });

  it("shows a shared page's thrown error in a badge with the original file:line; a tap shows the stack; × hides it", async () => {
    const cli = await startCli([root, '--port', '0', '--share', '--live', '--quiet']);
    const phone = await suite.browser.newContext(PHONE);
    try {
      const page = await phone.newPage();
      await page.goto(/^Serving .+ at (\S+)/.exec(cli.firstLine)![1]);
      await liveConnected(page);
      await page.waitForFunction(() =>
        /app\.ts:3:/.test(document.querySelector('[data-ferrox-errors]')?.shadowRoot?.textContent ?? ''),
      );
      const text = await overlayText(page);
      assert.match(text!, /Error: boom on the phone/);
      assert.match(text!, /app\.ts:3:\d+/, 'the position in app.ts, by the source map');
      assert.match(
        (await page.locator('[data-ferrox-errors] >> css=.summary .where').getAttribute('title')) ?? '',
        /^\.\.\/src\/app\.ts:3:\d+$/,
        'its path in the title',
      );
      const box = await page.locator('[data-ferrox-errors]').boundingBox();
      assert.ok(
        box && box.y > 844 / 2 && box.height <= 60,
        `a small badge at the bottom, not over the page: ${JSON.stringify(box)}`,
      );
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.locator('[data-ferrox-errors] >> css=.summary').tap();
      assert.match((await overlayText(page))!, /at start \(.*app\.js:\d+:\d+\)/, 'the stack');
      assert.match((await overlayText(page))!, /\.\.\/src\/app\.ts:3:\d+/, 'and the whole path');
      await page.screenshot({ path: path.join(ARTIFACTS, 'overlay-phone.png') });
      await page.locator('[data-ferrox-errors] >> css=.close').tap();
      assert.equal(await overlayText(page), null, 'hidden until the next error');
      // Remembered for this page: the same error thrown again on a reload stays hidden; a new one shows.
      await page.reload();
      await liveConnected(page);
      await page.waitForFunction(
        () =>
          (window as unknown as { __ferroxLive: { errors?: { errors: unknown[] } } }).__ferroxLive.errors?.errors
            .length === 1,
      );
      assert.equal(await overlayText(page), null, 'the same error after a reload: still hidden');
      await page.evaluate(() =>
        setTimeout(() => {
          throw new Error('a new one');
        }),
      );
      await page.waitForFunction(() =>
        /a new one/.test(document.querySelector('[data-ferrox-errors]')?.shadowRoot?.textContent ?? ''),
      );
    } finally {
      await phone.close();
      await cli.stop();
    }
  });

  it('is on by default, with no flag; --error-overlay never (and shared, unshared) shows nothing', async () => {
    for (const [args, shown] of [
      [[], true],
      [['--error-overlay', 'never'], false],
      [['--error-overlay', 'shared'], false],
    ] as const) {
      const cli = await startCli([root, '--port', '0', '--live', '--quiet', ...args]);
      const page = await suite.browser.newPage();
      try {
        await page.goto(cli.url);
        await liveConnected(page);
        // The error is thrown as the page loads; the overlay, when on, shows it from the early queue.
        if (shown) await page.waitForSelector('[data-ferrox-errors]', { state: 'attached' });
        else
          assert.equal(
            await page.evaluate(
              () => (window as unknown as { __ferroxLive: { errors?: unknown } }).__ferroxLive.errors,
            ),
            undefined,
          );
        assert.equal((await overlayText(page)) !== null, shown);
      } finally {
        await page.close();
        await cli.stop();
      }
    }
  });

  it('shows the file and line whole at 390 and at 1,000 px wide, however long the message', async () => {
    suite.write(
      'dist/long.html',
      `<!doctype html><meta name="viewport" content="width=device-width"><title>long</title><p>long</p>
<script src="app.js"></script><script>setTimeout(() => { throw new Error('${'a long message that goes on '.repeat(12)}'); });</script>`,
    );
    const cli = await startCli([root, '--port', '0', '--live', '--quiet']);
    try {
      for (const width of [390, 1000]) {
        const context = await suite.browser.newContext({ viewport: { width, height: 800 } });
        const page = await context.newPage();
        try {
          await page.goto(`${cli.url}long.html`);
          await page.waitForFunction(() =>
            /goes on/.test(document.querySelector('[data-ferrox-errors]')?.shadowRoot?.textContent ?? ''),
          );
          const fit = await page.evaluate(() => {
            const root = document.querySelector('[data-ferrox-errors]')!.shadowRoot!;
            const badge = root.querySelector('.badge')!.getBoundingClientRect();
            const where = root.querySelector('.summary .where') as HTMLElement;
            const box = where.getBoundingClientRect();
            return {
              text: where.textContent,
              whole: where.scrollWidth <= where.clientWidth + 1,
              inside: box.left >= badge.left && box.right <= badge.right + 0.5,
              onScreen: badge.right <= innerWidth && badge.left >= 0,
              height: badge.height,
            };
          });
          assert.match(fit.text ?? '', /^long\.html:\d+:\d+$/, `at ${width} px`);
          assert.ok(
            fit.whole && fit.inside && fit.onScreen,
            `at ${width} px the place is shown whole: ${JSON.stringify(fit)}`,
          );
          assert.ok(fit.height <= 60, `one line: ${fit.height}`);
          await page.screenshot({ path: path.join(ARTIFACTS, `overlay-${width}.png`) });
        } finally {
          await context.close();
        }
      }
    } finally {
      await cli.stop();
    }
  });

  it("with an editor listening, a tap on the error's place asks it to open the source: the served script and, by its map, app.ts:3", async () => {
    const server = new FerroxServer({ root, port: 0, liveReload: true, errorOverlay: 'always' });
    const reveals: RevealEvent[] = [];
    server.setRevealHandler((e) => reveals.push(e));
    // As the hosts do: the project (src/ beside the served dist/) is where originals may be.
    server.setSourceRoots([suite.dir]);
    await server.start();
    const page = await suite.browser.newPage();
    try {
      await page.goto(server.address!.url);
      await page.waitForFunction(() =>
        /app\.ts:3:/.test(document.querySelector('[data-ferrox-errors]')?.shadowRoot?.textContent ?? ''),
      );
      await page.locator('[data-ferrox-errors] >> css=.summary').click();
      await page.locator('[data-ferrox-errors] >> css=button.where').click();
      await until('the reveal', () => reveals.length > 0);
      const [reveal] = reveals;
      assert.ok(!('element' in reveal));
      assert.equal(reveal.file, path.join(root, 'app.js'));
      assert.deepEqual(reveal.original && { ...reveal.original, column: 0 }, {
        file: path.join(suite.dir, 'src', 'app.ts'),
        line: 3,
        column: 0,
      });
    } finally {
      await page.close();
      await server.stop();
    }
  });
});
