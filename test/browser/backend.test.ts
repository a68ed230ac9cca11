import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { survivors } from '../shared/processes';
import { browserSuite, liveConnected, startBackendCli, until, type BrowserSuite, type Cli } from './browserHelpers';

/**
 * Pages a real backend renders (Debian's php-cli and python3-flask), started by `ferrox
 * --backend`, in Chromium: an edit updates the page in place, keeping what the user typed and
 * the page's JS state; a script change reloads; a POST's answer is never sent again; a backend
 * error is shown over the page and goes when fixed; a backend that dies is named, and the page
 * comes back when it restarts.
 */

type LiveState = { morphs: number; error: number | null; notes?: number; refetches?: number };

const state = (page: Page) => page.evaluate(() => (window as unknown as { __ferroxLive: LiveState }).__ferroxLive);

/** Marks the page's JS state and the user's input, to see that they survive an update. */
async function markPage(page: Page): Promise<void> {
  await page.fill('#name', 'typed by the user');
  await page.evaluate(() => {
    (window as unknown as { kept: number }).kept = 42;
  });
}

async function assertKept(page: Page, what: string): Promise<void> {
  assert.equal(await page.inputValue('#name'), 'typed by the user', `${what}: the typed text stays`);
  assert.equal(
    await page.evaluate(() => (window as unknown as { kept?: number }).kept),
    42,
    `${what}: the JS variable stays`,
  );
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'name', `${what}: focus stays`);
}

const text = (page: Page, selector: string) =>
  page.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);

async function errorShown(page: Page): Promise<{ bar: string; log: string; frame: string } | null> {
  return page.evaluate(() => {
    const host = document.querySelector('ferrox-backend-error');
    const root = host?.shadowRoot;
    if (!host?.isConnected || !root) return null;
    return {
      bar: root.querySelector('div')?.textContent ?? '',
      log: root.querySelector('pre')?.textContent ?? '',
      frame: root.querySelector('iframe')?.srcdoc ?? '',
    };
  });
}

/**
 * As README says to run PHP: Debian's and most distributions' php.ini turn OPcache on, and
 * `php -S` then re-checks a file it compiled at most every 2 s, so an edit right after a page
 * was rendered would not be seen.
 */
const PHP = 'php -d opcache.revalidate_freq=0 -S 127.0.0.1:{port}';

const PHP_PAGE = (script = '/app.js') => `<!doctype html><html><head><title>php page</title></head>
<body><?php include 'part.php'; ?><input id="name">
<form method="post" action="/submit.php"><input name="n" value="sent"><button id="send">Send</button></form>
<script src="${script}"></script></body></html>`;

describe('a PHP site from ferrox --backend "php -S …", in Chromium', function () {
  this.timeout(60_000);
  const suite: BrowserSuite = browserSuite('php', {
    'index.php': PHP_PAGE(),
    'part.php': '<h1 id="msg">one</h1>',
    'app.js': 'window.runs = (window.runs || 0) + 1;',
    'submit.php':
      '<!doctype html><html><head><title>posted</title></head><body><p id="posted">posted <?= htmlspecialchars($_POST["n"] ?? "") ?></p><?php include "part.php"; ?></body></html>',
  });
  let cli: Cli;
  const write = (rel: string, content: string) => suite.write(rel, content);
  /** Files as a project has them: written a while ago (OPcache keeps only files older than 2 s). */
  const writeOld = (rel: string, content: string) => {
    write(rel, content);
    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(suite.dir, rel), past, past);
  };

  before(async () => {
    // -t names the folder, so that the php process can be found (and killed) by it.
    cli = await startBackendCli(suite.dir, `${PHP} -t ${suite.dir}`);
    suite.onClose(() => cli.stop());
  });
  beforeEach(() => {
    writeOld('index.php', PHP_PAGE());
    writeOld('part.php', '<h1 id="msg">one</h1>');
  });

  it("an edited include updates the page in place: typed input, focus and a JS variable stay, the page's script does not run again", async () => {
    const page = await suite.openLive(cli.url);
    try {
      await markPage(page);
      write('part.php', '<h1 id="msg">two</h1><p id="added">new paragraph</p>');
      await page.waitForFunction(() => document.getElementById('added')?.textContent === 'new paragraph');
      assert.equal(await text(page, '#msg'), 'two');
      await assertKept(page, 'after a morph');
      assert.equal(
        await page.evaluate(() => (window as unknown as { runs: number }).runs),
        1,
        'no reload, no script run again',
      );
      assert.ok((await state(page)).morphs >= 1);
    } finally {
      await page.close();
    }
  });

  it('a changed script reloads the page', async () => {
    const page = await suite.openLive(cli.url);
    try {
      await markPage(page);
      const reloaded = page.waitForEvent('load');
      write('index.php', PHP_PAGE('/app.js?v=2'));
      await reloaded;
      await liveConnected(page);
      assert.equal(await page.evaluate(() => (window as unknown as { kept?: number }).kept), undefined, 'a new page');
    } finally {
      await page.close();
    }
  });

  it("a POST's answer shows a note when its source changes, and the form is never sent again", async () => {
    const page = await suite.openLive(cli.url);
    try {
      await Promise.all([page.waitForNavigation(), page.click('#send')]);
      await liveConnected(page);
      assert.equal(await text(page, '#posted'), 'posted sent');
      const posts = () => (cli.stderr().match(/\[200\]: POST \/submit\.php/g) ?? []).length;
      await until("the POST in the backend's log", () => posts() === 1);
      write('part.php', '<h1 id="msg">changed after the POST</h1>');
      await page.waitForFunction(
        () => document.querySelector('ferrox-note')?.shadowRoot?.textContent?.includes('answered a form') === true,
      );
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(posts(), 1, 'the POST was not sent again');
      assert.equal(await text(page, '#msg'), 'one', 'nor was the page fetched again');
    } finally {
      await page.close();
    }
  });

  it('a parse error is shown over the page with what PHP said, and the page comes back in place once fixed', async () => {
    const page = await suite.openLive(cli.url);
    try {
      await markPage(page);
      write('part.php', '<?php echo "unclosed ;');
      await until(
        'the error over the page',
        async () => (await errorShown(page))?.log.includes('PHP Parse error') === true,
        10_000,
      );
      assert.match(
        (await errorShown(page))!.bar,
        /^The backend answered 500 \(Ferrox shows its answer below\)\. /,
        'a sentence that starts with a capital',
      );
      write('part.php', '<h1 id="msg">fixed</h1>');
      await until('the error gone', async () => (await errorShown(page)) === null);
      await page.waitForFunction(() => document.getElementById('msg')?.textContent === 'fixed');
      await assertKept(page, 'after the error and the fix');
    } finally {
      await page.close();
    }
  });

  it('a killed backend is named over the page, and the restart brings the page back', async () => {
    const page = await suite.openLive(cli.url);
    try {
      await markPage(page);
      // The php process itself (not the shell that may have started it).
      const php = () =>
        survivors(`-t ${suite.dir}`).filter((line) => /^\d+ php -d \S+ -S 127\.0\.0\.1:\d+ -t /.test(line));
      assert.equal(php().length, 1, `one php runs: ${php().join(' | ')}`);
      execFileSync('kill', ['-KILL', php()[0].split(' ')[0]]);
      await until(
        'the down page over the page',
        async () => /exited|stopped by a signal/.test((await errorShown(page))?.frame ?? ''),
        10_000,
      );
      assert.match(
        (await errorShown(page))!.frame,
        /php -d opcache\.revalidate_freq=0 -S 127\.0\.0\.1:\{port\}/,
        'it names the command',
      );
      await until('the page back', async () => (await errorShown(page)) === null, 15_000);
      assert.equal(await text(page, '#msg'), 'one');
      await assertKept(page, 'after the restart');
    } finally {
      await page.close();
    }
  });

  it('leaves no PHP running after Ctrl+C', async () => {
    const dir = suite.dir;
    await cli.stop();
    await until('no php left', () => survivors(`-t ${dir}`).length === 0, 5000);
  });
});

describe('a Flask app with its templates outside the folder (ferrox --backend "flask … run" --watch), in Chromium', function () {
  this.timeout(60_000);
  const TEMPLATE = (
    heading: string,
  ) => `<!doctype html><html><head><title>{{ name }}</title><link rel="stylesheet" href="/static/site.css"></head>
<body><h1 id="msg">${heading} {{ name }}</h1><input id="name"><script>window.runs = (window.runs || 0) + 1;</script></body></html>`;
  const suite = browserSuite('flask', {
    'site/app.py':
      "from flask import Flask, render_template\napp = Flask(__name__, template_folder='../templates')\n\n" +
      "@app.route('/')\ndef index():\n    return render_template('index.html', name='from flask')\n",
    'site/static/site.css': 'h1 { color: rgb(0, 0, 255); }',
    'templates/index.html': TEMPLATE('one'),
  });
  let cli: Cli;

  before(async () => {
    // Debian's python3: the one python3-flask installs into, whatever python3 comes first on PATH.
    cli = await startBackendCli(
      path.join(suite.dir, 'site'),
      '/usr/bin/python3 -m flask --app app --debug run --port {port}',
      '--watch',
      path.join(suite.dir, 'templates'),
    );
    suite.onClose(() => cli.stop());
  });

  it('an edited Jinja template updates the page in place, keeping the typed input and a JS variable', async () => {
    const page = await suite.openLive(cli.url);
    try {
      assert.equal(await text(page, '#msg'), 'one from flask');
      await markPage(page);
      suite.write('templates/index.html', TEMPLATE('two'));
      await page.waitForFunction(() => document.getElementById('msg')?.textContent === 'two from flask');
      await assertKept(page, 'after a template edit');
      assert.equal(await page.evaluate(() => (window as unknown as { runs: number }).runs), 1);
    } finally {
      await page.close();
    }
  });

  it("a Jinja error is shown over the page (Werkzeug's page, scripts off) and goes once fixed; a stylesheet is swapped", async () => {
    const page = await suite.openLive(cli.url);
    try {
      await markPage(page);
      suite.write('templates/index.html', TEMPLATE('{{ broken'));
      await until(
        'the error over the page',
        async () => /TemplateSyntaxError/.test((await errorShown(page))?.frame ?? ''),
        10_000,
      );
      suite.write('templates/index.html', TEMPLATE('three'));
      await until('the error gone', async () => (await errorShown(page)) === null);
      await page.waitForFunction(() => document.getElementById('msg')?.textContent === 'three from flask');
      await assertKept(page, 'after the error');
      suite.write('site/static/site.css', 'h1 { color: rgb(255, 0, 0); }');
      await page.waitForFunction(() => getComputedStyle(document.getElementById('msg')!).color === 'rgb(255, 0, 0)');
      await assertKept(page, 'after the stylesheet');
    } finally {
      await page.close();
    }
  });

  it('leaves nothing of Flask (its reloader included) after Ctrl+C', async () => {
    await cli.stop();
    await until('no flask left', () => survivors('flask --app app').length === 0, 5000);
  });
});
