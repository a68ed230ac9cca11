import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { browserSuite, liveConnected, startCli, type Cli } from './browserHelpers';
import { firstDifference, MergeBench, mergeSuite } from './mergeHarness';

type Live = { __ferroxLive: { morphs: number }; __before?: string };

/** Writes `html` as the page's file and waits until the open page took it in place, or reloaded. */
async function saved(page: Page, file: string, html: string): Promise<'in place' | 'reload'> {
  const morphs = await page.evaluate(() => {
    (window as unknown as Live).__before = 'marked';
    return (window as unknown as Live).__ferroxLive.morphs;
  });
  fs.writeFileSync(file, html);
  await page.waitForFunction(
    (m) => {
      const w = window as unknown as Live;
      return w.__before !== 'marked' || w.__ferroxLive.morphs > m;
    },
    morphs,
    { timeout: 20_000 },
  );
  const reloaded = await page.evaluate(() => (window as unknown as Live).__before !== 'marked');
  if (reloaded) await liveConnected(page);
  return reloaded ? 'reload' : 'in place';
}

const page = (body: string, script: string) => `<!doctype html>
<html><head><title>case</title></head>
<body>
${body}
<script>${script}</script>
</body></html>
`;

describe('in-place updates of pages whose scripts add nodes and attributes equal a reload, in Chromium (ferrox --live)', function () {
  this.timeout(60_000);
  const suite = browserSuite('merge-cases');
  let cli: Cli;
  let context: BrowserContext;

  before(async () => {
    cli = await startCli([suite.dir, '--port', '0', '--live', '--quiet']);
    suite.onClose(() => cli.stop());
    context = await suite.browser.newContext();
  });
  after(() => context?.close());

  /** Saves each source in turn under the open page, and compares the page with a fresh load after each. */
  async function follow(name: string, sources: string[]): Promise<string[]> {
    const file = path.join(suite.dir, name);
    fs.writeFileSync(file, sources[0]);
    const open = await context.newPage();
    const fresh = await context.newPage();
    const outcomes: string[] = [];
    try {
      await open.goto(cli.url + name);
      await liveConnected(open);
      for (const [i, html] of sources.slice(1).entries()) {
        outcomes.push(await saved(open, file, html));
        await fresh.goto(cli.url + name);
        const [got, want] = [await MergeBench.snapshot(open), await MergeBench.snapshot(fresh)];
        assert.ok(
          got === want,
          `${name}, edit ${i + 1} (${outcomes.at(-1)}): the page differs from a reload at ${firstDifference(got, want)}`,
        );
      }
    } finally {
      await open.close();
      await fresh.close();
    }
    return outcomes;
  }

  it('a list whose script appends items: static items added and removed go where a reload puts them, script items keep their class', async () => {
    const appends =
      "for (let i = 0; i < 2; i++) { const li = document.createElement('li'); li.className = 'js'; li.textContent = 'js item ' + i; document.getElementById('list').append(li); }";
    const list = (...items: string[]) =>
      page(`<ul id="list">${items.map((t) => `<li>${t}</li>`).join('')}</ul>`, appends);
    const outcomes = await follow('list.html', [
      list('static item'),
      list('static item', 'second static'),
      list('static item', 'second static', 'third static'),
      list('static item'),
    ]);
    assert.deepEqual(outcomes, ['in place', 'in place', 'in place']);
  });

  it('a table whose script appends rows: a static row goes before them', async () => {
    const rows =
      "const tr = document.createElement('tr'); tr.className = 'js'; tr.innerHTML = '<td>js row</td>'; document.querySelector('tbody').append(tr);";
    const table = (...cells: string[]) =>
      page(`<table><tbody>${cells.map((c) => `<tr><td>${c}</td></tr>`).join('')}</tbody></table>`, rows);
    assert.deepEqual(
      await follow('table.html', [
        table('static row'),
        table('static row', 'second row'),
        table('first row', 'static row', 'second row'),
      ]),
      ['in place', 'in place'],
    );
  });

  it('attributes a script set on static elements stay when anything else on the page changes', async () => {
    const script =
      "document.getElementById('seen').setAttribute('data-seen', 'yes'); document.querySelector('button').setAttribute('aria-expanded', 'true');" +
      " document.querySelector('nav').classList.add('open'); document.querySelector('details').open = true;";
    const body = (text: string, navClass: string) =>
      `<p id="seen">seen</p><button>menu</button><nav class="${navClass}">links</nav><details><summary>more</summary>x</details><p>${text}</p>`;
    assert.deepEqual(
      await follow('attributes.html', [
        page(body('one', 'menu'), script),
        page(body('two', 'menu'), script),
        page(body('two', 'menu wide'), script),
      ]),
      ['in place', 'in place'],
    );
  });
});

describe('in-place updates never lose what a reload would show: awkward pages, in Chromium', function () {
  this.timeout(60_000);
  const { context: contextOf, bench: benchOf } = mergeSuite('merge-awkward');
  let context: BrowserContext;
  let bench: MergeBench;
  beforeEach(() => {
    context = contextOf();
    bench = benchOf();
  });

  /** Merges `before` → `after` into a page loaded from `before` (after `act` ran on it): it equals a fresh load of `after`, or it refused. */
  async function equalsOrRefuses(before: string, after: string, act?: (p: Page) => Promise<void>): Promise<string> {
    const open = await bench.load(before);
    const fresh = await context.newPage();
    try {
      await act?.(open);
      const outcome = await bench.merge(open, before, after);
      if (outcome.kind === 'reload') return `reload: ${outcome.reason}`;
      await bench.load(after, fresh);
      const [got, want] = [await MergeBench.snapshot(open), await MergeBench.snapshot(fresh)];
      assert.ok(got === want, `differs from a reload at ${firstDifference(got, want)}`);
      return 'in place';
    } finally {
      await open.close();
      await fresh.close();
    }
  }

  it('a source that is not well-formed HTML', async () => {
    const broken = (x: string) =>
      `<!doctype html><title>b</title><p>unclosed <b>bold <i>it</p><div><span>${x}</div></span><li>stray<table><td>cell</table>`;
    assert.equal(await equalsOrRefuses(broken('one'), broken('two')), 'in place');
  });

  it('a <template> whose content changes refuses (its content lies outside the tree)', async () => {
    const t = (x: string) =>
      `<!doctype html><title>t</title><template id="row"><tr><td>${x}</td></tr></template><p>page</p>`;
    assert.match(await equalsOrRefuses(t('one'), t('two')), /^reload: a <template> changed/);
    assert.equal(
      await equalsOrRefuses(t('one').replace('page', 'page one'), t('one').replace('page', 'page two')),
      'in place',
      'the rest of the page still merges',
    );
  });

  it('a <table> without <tbody> (the parser adds one)', async () => {
    const t = (...rows: string[]) =>
      `<!doctype html><title>t</title><table>${rows.map((r) => `<tr><td>${r}</td></tr>`).join('')}</table>`;
    assert.equal(await equalsOrRefuses(t('a', 'b'), t('a', 'x', 'b')), 'in place');
  });

  it('a <select> with an option the user chose: the choice stays, the options follow the source', async () => {
    const s = (label: string) =>
      `<!doctype html><title>s</title><select id="s"><option>one</option><option>${label}</option><option>three</option></select>`;
    const open = await bench.load(s('two'));
    try {
      await open.selectOption('#s', { index: 2 });
      assert.equal((await bench.merge(open, s('two'), s('deux'))).kind, 'in place');
      assert.deepEqual(
        await open.evaluate(() => {
          const el = document.getElementById('s') as HTMLSelectElement;
          return [el.selectedIndex, el.options[1].text];
        }),
        [2, 'deux'],
      );
    } finally {
      await open.close();
    }
  });

  it('a page whose script replaces document.body', async () => {
    const p = (x: string) =>
      `<!doctype html><title>r</title><body><h1>static</h1><p>${x}</p><script>document.body = Object.assign(document.createElement('body'), { innerHTML: '<main><p>made by the app</p></main>' });</script></body>`;
    const outcome = await equalsOrRefuses(p('one'), p('two'));
    assert.match(outcome, /^reload: |^in place$/);
    assert.notEqual(outcome, 'in place', 'nothing of the source is left to update: it reloads');
  });
});
