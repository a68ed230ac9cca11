import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { elementPathAt, FerroxServer, startTagOf, type RevealEvent } from '../../src/core';
import { browserSuite, until } from './browserHelpers';

const PAGE = `<!doctype html>
<html><head><title>links</title></head>
<body>
  <header><h1 id="top">Top</h1></header>
  <main>
    <p>first <a href="https://example.invalid/">a link</a></p>
    <table><tr><td>A</td><td id="cell">B</td></tr></table>
    <div style="height:3000px"></div>
    <p id="far">far below</p>
  </main>
</body></html>
`;

describe('page <-> source in Chromium', function () {
  this.timeout(30_000);
  const suite = browserSuite('links', { 'index.html': PAGE });
  let file: string;
  let server: FerroxServer;
  let page: Page;
  const reveals: Extract<RevealEvent, { element: unknown }>[] = [];

  before(async () => {
    file = path.join(suite.dir, 'index.html');
    server = new FerroxServer({ root: suite.dir, port: 0, liveReload: true });
    server.setRevealHandler((e) => {
      if ('element' in e) reveals.push(e);
    });
    await server.start();
    suite.onClose(() => server.stop());
    page = await suite.openLive(server.address!.url);
  });

  it("Alt+click sends the element's path, which leads back to its start tag; a plain click is left alone", async () => {
    await page.click('#cell', { modifiers: ['Alt'] });
    await page.waitForFunction(
      () => (window as unknown as { __ferroxLive: { reveals?: number } }).__ferroxLive.reveals === 1,
    );
    await until('the reveal to reach the server', () => reveals.length > 0);
    assert.equal(reveals.length, 1);
    assert.equal(reveals[0].file, file);
    const tag = startTagOf(PAGE, reveals[0].element)!;
    assert.equal(PAGE.slice(tag.start, tag.end), '<td id="cell">');
    // A plain click, then an Alt+click: only the second may arrive, and it arrives first.
    await page.click('#top');
    await page.click('#far', { modifiers: ['Alt'] });
    await page.waitForFunction(
      () => (window as unknown as { __ferroxLive: { reveals?: number } }).__ferroxLive.reveals === 2,
    );
    await until('the second reveal to reach the server', () => reveals.length >= 2);
    assert.equal(reveals.length, 2, 'no modifier, no reveal');
    const far = startTagOf(PAGE, reveals[1].element)!;
    assert.equal(PAGE.slice(far.start, far.end), '<p id="far">', 'the plain click sent nothing');
    reveals.length = 1;
  });

  it('Alt+click on a link reveals it instead of following it', async () => {
    await page.click('a', { modifiers: ['Alt'] });
    await until('the reveal to reach the server', () => reveals.length >= 2);
    const tag = startTagOf(PAGE, reveals[1].element)!;
    assert.equal(PAGE.slice(tag.start, tag.end), '<a href="https://example.invalid/">');
    assert.equal(new URL(page.url()).hostname, '127.0.0.1', 'still on the page');
  });

  it('outlines the element a source offset names, scrolls it into view, and clears the outline', async () => {
    server.highlight(file, elementPathAt(PAGE, PAGE.indexOf('far below')));
    await page.waitForSelector('[data-ferrox-overlay]', { state: 'attached' });
    await page.waitForFunction(() => {
      const o = document.querySelector('[data-ferrox-overlay]')!.getBoundingClientRect();
      const t = document.getElementById('far')!.getBoundingClientRect();
      return Math.abs(o.top - t.top) < 1 && Math.abs(o.width - t.width) < 1 && t.top >= 0 && t.bottom <= innerHeight;
    });
    server.highlight(file, undefined);
    await page.waitForSelector('[data-ferrox-overlay]', { state: 'detached' });
  });

  it('does nothing for a path the DOM no longer matches', async () => {
    const counts = () =>
      page.evaluate(() => {
        const s = (window as unknown as { __ferroxLive: { highlights?: number; unmatched?: number } }).__ferroxLive;
        return { highlights: s.highlights ?? 0, unmatched: s.unmatched ?? 0 };
      });
    // A path that matches is outlined…
    server.highlight(file, elementPathAt(PAGE, PAGE.indexOf('Top')));
    await page.waitForSelector('[data-ferrox-overlay]', { state: 'attached' });
    server.highlight(file, undefined);
    await page.waitForSelector('[data-ferrox-overlay]', { state: 'detached' });
    const before = await counts();
    // …and the same path, once a script has replaced the element, arrives and is ignored.
    await page.evaluate(() => document.querySelector('header')!.replaceWith(document.createElement('nav')));
    server.highlight(file, elementPathAt(PAGE, PAGE.indexOf('Top')));
    await page.waitForFunction(
      (n) => ((window as unknown as { __ferroxLive: { highlights?: number } }).__ferroxLive.highlights ?? 0) > n,
      before.highlights,
    );
    assert.deepEqual(await counts(), { highlights: before.highlights + 1, unmatched: before.unmatched + 1 });
    assert.equal(await page.locator('[data-ferrox-overlay]').count(), 0, 'nothing outlined');
  });
});
