import * as assert from 'node:assert/strict';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { browserSuite, DESKTOP, liveConnected, PHONE, startCli, until, type Cli } from './browserHelpers';

const PARAS = Array.from(
  { length: 60 },
  (_, i) =>
    `<p id="p${i}">Paragraph ${i}. ${'Words that wrap differently on a phone and on a desktop. '.repeat(4)}</p>`,
).join('\n');
const PAGE = `<!doctype html><html><head><meta name="viewport" content="width=device-width"><title>sync</title>
<style>body{font:16px/1.5 sans-serif;max-width:700px;margin:0 auto;padding:0 12px} #box{height:200px;overflow:auto;border:1px solid}</style></head>
<body><h1>Synced</h1><a id="next" href="b.html">to b</a> <button id="count" onclick="this.textContent = String(Number(this.textContent) + 1)">0</button>
<form id="f" onsubmit="event.preventDefault(); document.getElementById('sent').textContent = 'sent ' + this.name.value"><input id="name" name="name"><input id="secret" type="password">
<input id="card" autocomplete="cc-number"><input id="agree" type="checkbox"><button id="go">Send</button></form><p id="sent"></p>
<div id="box">${Array.from({ length: 40 }, (_, i) => `<p id="b${i}">Box line ${i}</p>`).join('')}</div>
${PARAS}</body></html>`;

/** The id of the element at the top of the page's (or `box`'s) view, and how far the view's top is from it in px. */
function topOf(page: Page, box?: string): Promise<{ id: string; off: number }> {
  return page.evaluate((sel) => {
    const scroller = sel ? document.querySelector(sel)! : null;
    const top = scroller ? scroller.getBoundingClientRect().top : 0;
    // The page's own paragraphs, or the box's (the box's overflow is not clipped in their rectangles).
    const ids = Array.from((scroller ?? document.body).querySelectorAll(':scope > p[id]'));
    const first = ids.find((el) => el.getBoundingClientRect().bottom > top + 1)!;
    return { id: first.id, off: Math.round(top - first.getBoundingClientRect().top) };
  }, box);
}

describe('synced browsing in Chromium: a desktop and a phone (ferrox --sync)', function () {
  this.timeout(30_000);
  const suite = browserSuite('sync', {
    'index.html': PAGE,
    'b.html': '<!doctype html><title>b</title><h1 id="b">Page b</h1><a href="index.html">back</a>',
  });
  let cli: Cli;
  let desktop: BrowserContext;
  let phone: BrowserContext;
  let d: Page;
  let p: Page;
  let posts: { page: string; body: { event: { kind: string; path?: unknown } } }[];

  before(async () => {
    cli = await startCli([suite.dir, '--port', '0', '--sync', '--quiet']);
    suite.onClose(() => cli.stop());
  });
  beforeEach(async () => {
    desktop = await suite.browser.newContext(DESKTOP);
    phone = await suite.browser.newContext(PHONE);
    posts = [];
    const count = (name: string) => (r: Request) => {
      if (r.url().endsWith('/__ferrox/sync')) posts.push({ page: name, body: r.postDataJSON() });
    };
    desktop.on('request', count('desktop'));
    phone.on('request', count('phone'));
    d = await suite.openLive(cli.url, desktop);
    p = await suite.openLive(cli.url, phone);
    for (const page of [d, p])
      await page.waitForFunction(
        () =>
          (window as unknown as { __ferroxLive: { sync?: { joined: boolean } } }).__ferroxLive.sync?.joined === true,
      );
  });
  afterEach(async () => {
    await desktop.close();
    await phone.close();
  });

  it('scrolls the phone to the paragraph at the top of the desktop, within a line, and back', async () => {
    await d.evaluate(() => document.getElementById('p30')!.scrollIntoView());
    await until('the phone follows', async () => (await topOf(p)).id === 'p30');
    assert.ok(Math.abs((await topOf(p)).off) <= 24, `within a line: ${JSON.stringify(await topOf(p))}`);
    await p.evaluate(() => window.scrollBy(0, document.getElementById('p12')!.getBoundingClientRect().top));
    await until('the desktop follows the phone', async () => (await topOf(d)).id === 'p12');
  });

  it('follows a link on both, back and forward too, and clicks a button on both', async () => {
    await d.click('#count');
    await until("the phone's button clicked", async () => (await p.textContent('#count')) === '1');
    assert.equal(await d.textContent('#count'), '1', 'clicked once on the desktop: no echo');
    await d.click('#next');
    await p.waitForURL(/\/b\.html$/);
    await d.waitForURL(/\/b\.html$/);
    await liveConnected(p);
    await liveConnected(d);
    await d.goBack();
    await p.waitForURL((url) => url.pathname === '/', { timeout: 15_000 });
    await liveConnected(p);
    await d.goForward();
    await p.waitForURL(/\/b\.html$/, { timeout: 15_000 });
  });

  it('mirrors typing, checkboxes and submission, but never a password or a card number', async () => {
    await p.fill('#name', 'typed on the phone');
    await until('the desktop has it', async () => (await d.inputValue('#name')) === 'typed on the phone');
    await d.check('#agree');
    await until('the phone is checked', () => p.isChecked('#agree'));
    await d.fill('#secret', 'hunter2');
    await d.fill('#card', '4111111111111111');
    await d.click('#go');
    await until('submitted on the phone too', async () => (await p.textContent('#sent')) === 'sent typed on the phone');
    assert.equal(await p.inputValue('#secret'), '');
    assert.equal(await p.inputValue('#card'), '');
    const leaked = posts.filter(
      (x) => JSON.stringify(x.body).includes('hunter2') || JSON.stringify(x.body).includes('4111'),
    );
    assert.deepEqual(leaked, [], 'neither left the desktop');
  });

  it('syncs a scrolling <div>', async () => {
    await d.evaluate(() => document.getElementById('b25')!.scrollIntoView({ block: 'start' }));
    await until("the phone's box follows", async () => (await topOf(p, '#box')).id === 'b25');
  });

  it('ends two hundred rapid scrolls on the same paragraph, with few messages and no echo', async () => {
    const before = posts.length;
    await d.evaluate(async () => {
      for (let i = 0; i < 200; i++) {
        window.scrollBy(0, 13);
        await new Promise((r) => setTimeout(r, 2));
      }
    });
    const end = await topOf(d);
    await until('the phone ends where the desktop did', async () => (await topOf(p)).id === end.id, 15_000);
    await new Promise((r) => setTimeout(r, 400));
    const sent = posts.slice(before);
    assert.ok(sent.filter((x) => x.page === 'desktop').length <= 30, `the desktop sent ${sent.length}`);
    assert.equal(sent.filter((x) => x.page === 'phone').length, 0, 'the phone sent nothing back');
    assert.equal((await topOf(d)).id, end.id, 'the desktop stayed where it ended');
  });

  it('leaves on the switch: the phone no longer follows, and a second tab of the desktop stays out until joined', async () => {
    await p.locator('[data-ferrox-sync] >> css=button').tap();
    await p.waitForFunction(
      () => (window as unknown as { __ferroxLive: { sync: { joined: boolean } } }).__ferroxLive.sync.joined === false,
    );
    await d.evaluate(() => document.getElementById('p40')!.scrollIntoView());
    const second = await desktop.newPage();
    await second.goto(cli.url);
    await liveConnected(second);
    await second.waitForTimeout(300); // the tab asks the browser's other tabs, and waits 150 ms for an answer
    assert.equal(
      await second.evaluate(
        () => (window as unknown as { __ferroxLive: { sync: { joined: boolean } } }).__ferroxLive.sync.joined,
      ),
      false,
    );
    await d.evaluate(() => document.getElementById('p20')!.scrollIntoView());
    await new Promise((r) => setTimeout(r, 500));
    assert.notEqual((await topOf(p)).id, 'p20', 'the phone that left stays');
    assert.notEqual((await topOf(second)).id, 'p20', 'the second tab is not mirrored');
  });
});
