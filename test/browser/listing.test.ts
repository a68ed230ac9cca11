import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { countLoads } from '../shared/restart';
import { browserSuite, DESKTOP, freePort, liveConnected, PHONE, startCli, type Cli } from './browserHelpers';

/** The names in the table, in the order shown, leaving out hidden (filtered) rows. */
function shownNames(page: Page): Promise<string[]> {
  return page.$$eval('tbody tr:not(.up) td.name a', (links) =>
    links.filter((a) => !(a.closest('tr') as HTMLElement).hidden).map((a) => a.textContent!.replace(/[/]$/, '')),
  );
}

describe('folder listings in Chromium: live, with icons, a filter and sortable columns (ferrox --live)', function () {
  this.timeout(30_000);
  const suite = browserSuite('listing', {
    'files/b-small.txt': 'b',
    'files/a-large.js': 'x'.repeat(5000),
    'files/c-medium.png': 'y'.repeat(900),
    'files/sub/inner.txt': 'inner',
    'site/page.txt': 'page',
    'phone/a-rather-long-file-name-for-a-phone.html': 'x',
  });
  let cli: Cli;

  before(async () => {
    const old = new Date(Date.now() - 3600_000);
    fs.utimesSync(path.join(suite.dir, 'files', 'c-medium.png'), old, old);
    cli = await startCli([suite.dir, '--port', String(await freePort()), '--live', '--quiet']);
    suite.onClose(() => cli.stop());
  });

  it('shows an icon per kind, sorts by each column (folders first), and filters by name', async () => {
    const page = await suite.browser.newPage();
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
    await page.goto(cli.url + 'files/');
    await liveConnected(page);
    try {
      // Each kind its own icon: a mask of its shape, in its colour.
      const icons = await page.$$eval('tbody tr:not(.up) td.name', (cells) =>
        cells.map((c) => {
          const style = getComputedStyle(c, '::before');
          return {
            kind: c.className.replace('name ', ''),
            mask: style.maskImage || style.webkitMaskImage,
            colour: style.backgroundColor,
            width: style.width,
          };
        }),
      );
      assert.deepEqual(
        icons.map((i) => i.kind),
        ['k-folder', 'k-code', 'k-text', 'k-image'],
      );
      for (const i of icons) assert.match(i.mask, /^url\("data:image\/svg\+xml,/, `${i.kind} has its shape`);
      assert.equal(icons[0].width, '16px');
      assert.equal(new Set(icons.map((i) => i.mask)).size, 4, 'four shapes');
      assert.equal(icons[0].colour, 'rgb(212, 167, 44)', 'folders in their colour');
      assert.deepEqual(await shownNames(page), ['sub', 'a-large.js', 'b-small.txt', 'c-medium.png']);
      await page.click('th[data-sort="size"] button');
      assert.deepEqual(await shownNames(page), ['sub', 'a-large.js', 'c-medium.png', 'b-small.txt'], 'largest first');
      assert.equal(await page.getAttribute('th[data-sort="size"]', 'aria-sort'), 'descending');
      await page.click('th[data-sort="size"] button');
      assert.deepEqual(await shownNames(page), ['sub', 'b-small.txt', 'c-medium.png', 'a-large.js'], 'smallest first');
      await page.click('th[data-sort="time"] button');
      assert.equal((await shownNames(page))[3], 'c-medium.png', 'the oldest last');
      assert.match(page.url(), /#sort=time-desc$/, 'the order is in the URL');
      await page.fill('#filter', 'SMALL');
      assert.deepEqual(await shownNames(page), ['b-small.txt']);
      await page.fill('#filter', 'zzz');
      assert.deepEqual(await shownNames(page), []);
      assert.equal(await page.isVisible('#nomatch'), true);
      // The order survives a reload.
      await page.fill('#filter', '');
      await page.reload();
      await liveConnected(page);
      assert.equal((await shownNames(page))[3], 'c-medium.png');
      assert.deepEqual(refused, [], "the page's CSP refused nothing");
    } finally {
      await page.close();
    }
  });

  it('a file added or deleted shows at once, in place: the filter and the order stay', async () => {
    const page = await suite.openLive(cli.url + 'files/#sort=name-desc');
    const loads = countLoads(page);
    try {
      await page.fill('#filter', '.t');
      assert.deepEqual(await shownNames(page), ['b-small.txt']);
      fs.writeFileSync(path.join(suite.dir, 'files', 'd-new.txt'), 'new');
      await page.waitForSelector('tr:not([hidden]) a[href="/files/d-new.txt"]');
      assert.deepEqual(
        await shownNames(page),
        ['d-new.txt', 'b-small.txt'],
        'sorted and filtered as before: ' +
          (await page.evaluate(() => JSON.stringify((window as unknown as { __ferroxLive: unknown }).__ferroxLive))),
      );
      assert.equal(await page.inputValue('#filter'), '.t');
      fs.rmSync(path.join(suite.dir, 'files', 'd-new.txt'));
      await page.waitForSelector('a[href="/files/d-new.txt"]', { state: 'detached' });
      assert.equal(loads(), 0, 'no reload');
    } finally {
      await page.close();
    }
  });

  it('on a 390 px phone: no sideways scroll, names keep the room (the hour gives way), a wrapped name hangs beside its icon', async () => {
    const measure = async (device: typeof PHONE | typeof DESKTOP) => {
      const context = await suite.browser.newContext(device);
      try {
        const page = await context.newPage();
        await page.goto(cli.url + 'phone/');
        return await page.evaluate(() => {
          const rows = Array.from(document.querySelectorAll('tbody tr:not(.up)'));
          const cell = (name: string) => rows.find((r) => r.querySelector('td.name a')!.textContent!.startsWith(name))!;
          const name = cell('a-rather').querySelector('td.name')!;
          const link = name.querySelector('a')!;
          const icon = getComputedStyle(name, '::before');
          return {
            scrollWidth: document.documentElement.scrollWidth,
            width: innerWidth,
            nameWidth: name.getBoundingClientRect().width,
            time: (cell('a-rather').querySelector('td.time') as HTMLElement).innerText.trim(),
            // Every line of a wrapped name starts at the same x, right of the icon.
            starts: Array.from(link.getClientRects()).map((r) => Math.round(r.left)),
            iconRight:
              name.getBoundingClientRect().left +
              parseFloat(getComputedStyle(name).paddingLeft) -
              parseFloat(icon.marginRight),
          };
        });
      } finally {
        await context.close();
      }
    };
    const phone = await measure(PHONE);
    assert.ok(phone.scrollWidth <= phone.width, `no sideways scroll (${phone.scrollWidth} > ${phone.width})`);
    assert.ok(phone.nameWidth >= phone.width / 2, `the name column has half the screen (${phone.nameWidth} px)`);
    assert.match(phone.time, /^\d{4}-\d\d-\d\d$/, 'the date alone');
    assert.ok(phone.starts.length >= 2, 'the long name wraps on a phone');
    assert.equal(new Set(phone.starts).size, 1, `each line starts beside the icon: ${phone.starts}`);
    assert.ok(phone.starts[0] >= phone.iconRight - 1, 'not under the icon');
    const desktop = await measure(DESKTOP);
    assert.match(desktop.time, /^\d{4}-\d\d-\d\d \d\d:\d\d$/, 'the date and the hour');
    assert.equal(desktop.starts.length, 1);
  });

  it('a folder shown as a listing becomes its index.html when one appears, and a listing again when it goes', async () => {
    const page = await suite.openLive(cli.url + 'site/');
    try {
      assert.match(await page.title(), /Index of \/site\//);
      fs.writeFileSync(
        path.join(suite.dir, 'site', 'index.html'),
        '<!doctype html><title>site home</title><p>home</p>',
      );
      await page.waitForFunction(() => document.title === 'site home');
      await liveConnected(page);
      fs.rmSync(path.join(suite.dir, 'site', 'index.html'));
      await page.waitForFunction(() => document.title.startsWith('Index of'));
    } finally {
      await page.close();
    }
  });
});
