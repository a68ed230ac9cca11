import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { browserSuite, liveConnected, startBackendCli, until, type Cli } from './browserHelpers';

/**
 * Backends that cache what they render. A page must never stay silently stale: PHP sees every
 * saved file at once with the php.ini users have (OPcache on), with no flag in the command; and
 * for a backend that keeps serving the old page (Flask with debug off), the page says why.
 */

type LiveState = { morphs: number; agains?: number; note?: string };
const live = (page: Page) => page.evaluate(() => (window as unknown as { __ferroxLive: LiveState }).__ferroxLive);

describe('PHP with OPcache on as distributions ship it (php -S, no flag in the command), in Chromium', function () {
  this.timeout(90_000);
  const PAGE = (script: string) =>
    `<!doctype html><html><head><title>php</title></head><body><?php include 'part.php'; ?><input id="name"><script>${script}</script></body></html>`;
  const suite = browserSuite('php-opcache', {
    'index.php': PAGE('window.runs = (window.runs || 0) + 1;'),
    'part.php': '<p id="n">start</p>',
  });
  let cli: Cli;
  let userIni: string;
  const userScanDir = process.env.PHP_INI_SCAN_DIR;

  before(async () => {
    // The user's PHP settings: OPcache on for php -S too (Homebrew, XAMPP), re-checking files every 2 s (every php.ini's default).
    userIni = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-user-ini-'));
    fs.writeFileSync(
      path.join(userIni, 'opcache-on.ini'),
      'opcache.enable=1\nopcache.enable_cli=1\nopcache.revalidate_freq=2\n',
    );
    // Files as a project has them: written a while ago (OPcache holds only files older than 2 s).
    const past = new Date(Date.now() - 60_000);
    for (const f of ['index.php', 'part.php']) fs.utimesSync(path.join(suite.dir, f), past, past);
    process.env.PHP_INI_SCAN_DIR = `:${userIni}`;
    try {
      cli = await startBackendCli(suite.dir, `php -S 127.0.0.1:{port} -t ${suite.dir}`);
    } finally {
      if (userScanDir === undefined) delete process.env.PHP_INI_SCAN_DIR;
      else process.env.PHP_INI_SCAN_DIR = userScanDir;
    }
    suite.onClose(() => cli.stop());
    suite.onClose(() => fs.rmSync(userIni, { recursive: true, force: true }));
  });

  it('20 include edits 150 ms apart all show in place at the first look; a script change reloads', async () => {
    const page = await suite.openLive(cli.url);
    try {
      await page.fill('#name', 'typed');
      for (let i = 1; i <= 20; i++) {
        const started = Date.now();
        fs.writeFileSync(path.join(suite.dir, 'part.php'), `<p id="n">edit ${i}</p>`);
        await page.waitForFunction((n) => document.getElementById('n')?.textContent === `edit ${n}`, i, {
          timeout: 20_000,
        });
        await new Promise((r) => setTimeout(r, Math.max(0, 150 - (Date.now() - started))));
      }
      const s = await live(page);
      assert.equal(s.agains ?? 0, 0, 'no edit needed a second look: PHP saw each at once');
      assert.equal(await page.inputValue('#name'), 'typed', 'in place');
      assert.equal(await page.evaluate(() => (window as unknown as { runs: number }).runs), 1, 'never reloaded');
      const reloaded = page.waitForEvent('load');
      fs.writeFileSync(path.join(suite.dir, 'index.php'), PAGE('window.runs = (window.runs || 0) + 10;'));
      await reloaded;
      await liveConnected(page);
      assert.equal(await page.evaluate(() => (window as unknown as { runs: number }).runs), 10, 'the new script ran');
    } finally {
      await page.close();
    }
  });
});

describe('Flask started without debug mode (its templates are cached), in Chromium', function () {
  this.timeout(60_000);
  const TEMPLATE = (heading: string) =>
    `<!doctype html><html><head><title>f</title></head><body><h1 id="msg">${heading}</h1><input id="name"></body></html>`;
  const suite = browserSuite('flask-cached', {
    'app.py':
      "from flask import Flask, render_template\napp = Flask(__name__)\n\n@app.route('/')\ndef index():\n    return render_template('index.html')\n",
    'templates/index.html': TEMPLATE('one'),
  });
  let cli: Cli;

  before(async () => {
    // Debian's python3: the one python3-flask installs into.
    cli = await startBackendCli(suite.dir, '/usr/bin/python3 -m flask --app app run --port {port}');
    suite.onClose(() => cli.stop());
  });

  it('says so when it starts, and an edited template either shows or the page names the cache, once', async () => {
    await until(
      'the hint from what Flask printed',
      () => /ferrox: warning: Flask says "Debug mode: off"/.test(cli.stderr()),
      10_000,
    );
    const page = await suite.openLive(cli.url);
    try {
      await page.fill('#name', 'typed');
      fs.writeFileSync(path.join(suite.dir, 'templates', 'index.html'), TEMPLATE('two'));
      await page.waitForFunction(
        () => {
          const s = (window as unknown as { __ferroxLive: LiveState }).__ferroxLive;
          return document.getElementById('msg')?.textContent === 'two' || s.note !== undefined;
        },
        undefined,
        { timeout: 20_000 },
      );
      const s = await live(page);
      if (s.note !== undefined) {
        assert.match(
          s.note,
          /After your edit to \/templates\/index\.html this page came back unchanged\. .*Flask caches templates while debug mode is off: put --debug after run/,
        );
        const shown = await page.evaluate(() => document.querySelector('ferrox-note')?.shadowRoot?.textContent ?? '');
        assert.match(shown, /Flask caches templates/, 'on the page');
        assert.ok((s.agains ?? 0) >= 4, 'after looking again for about 2.5 s');
        await until('said in the log too', () =>
          /ferrox: warning: After your edit to .* Flask caches templates/.test(cli.stderr()),
        );
      }
      assert.equal(await page.inputValue('#name'), 'typed', 'never reloaded');
    } finally {
      await page.close();
    }
  });
});
