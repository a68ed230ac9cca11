import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { FerroxServer, TreeWatch, type ServerOptions } from '../../src/core';
import { countLoads, instanceOf, settlesOn } from '../shared/restart';
import { makeCert } from '../shared/testCerts';
import { browserSuite, freePort, liveConnected, startCli, until } from './browserHelpers';

const PAGE = (text: string) => `<!doctype html>
<html><head><title>restart</title></head><body><h1 id="msg">${text}</h1><input id="name"></body></html>
`;

describe('a page left open while its server restarts, in Chromium', function () {
  this.timeout(40_000);
  const suite = browserSuite('restart');
  let dir: string;
  before(() => {
    dir = suite.dir;
  });

  async function openPage(url: string): Promise<{ page: Page; loads: () => number }> {
    fs.writeFileSync(path.join(dir, 'index.html'), PAGE('first'));
    const page = await suite.browser.newPage();
    const loads = countLoads(page);
    await page.goto(url);
    await liveConnected(page);
    return { page, loads };
  }

  /** The edit after the restart reaches the page (in place or by a reload). */
  async function editReaches(page: Page): Promise<void> {
    fs.writeFileSync(path.join(dir, 'index.html'), PAGE('after the restart'));
    await page.waitForFunction(() => document.getElementById('msg')?.textContent === 'after the restart');
  }

  for (const mode of [
    { name: 'in place', flags: [] },
    { name: 'reload', flags: ['--no-html-in-place'] },
  ]) {
    it(`the CLI stopped and started again (${mode.name}): the page reloads at most once, then takes edits`, async () => {
      const port = await freePort();
      const args = [dir, '--port', String(port), '--live', '--quiet', ...mode.flags];
      let cli = await startCli(args);
      const { page, loads } = await openPage(cli.url);
      try {
        await cli.stop();
        cli = await startCli(args);
        await settlesOn(page, loads, await instanceOf(cli.url));
        await editReaches(page);
      } finally {
        await page.close();
        await cli.stop();
      }
    });
  }

  // After the restart the page hears a new instance and reloads; only the reloaded page can be sent
  // anywhere (an event sent before its reload is lost with the old document). "Slow" holds the
  // reloaded page's event stream back for 1.5 s, past RECONNECT_WAIT_MS, as a loaded machine may.
  for (const slow of [false, true]) {
    it(`the CLI started again with --open while a page is open${slow ? ' (its reload slow to come back)' : ''}: the page goes to the URL, and no browser is started`, async () => {
      const record = path.join(dir, 'opened.txt');
      const stub = path.join(dir, 'browser-stub.js');
      fs.writeFileSync(stub, `require('fs').appendFileSync(${JSON.stringify(record)}, process.argv[2] + '\\n');`);
      fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'sub', 'other.html'), PAGE('other'));
      const port = await freePort();
      const args = [dir, '--port', String(port), '--live', '--quiet', '--browser', `"${process.execPath}" "${stub}"`];
      let cli = await startCli(args);
      await until('the first start opens the URL', () => fs.existsSync(record));
      assert.equal(fs.readFileSync(record, 'utf8'), `${cli.url}\n`);
      const page = await suite.browser.newPage();
      try {
        await page.goto(cli.url + 'sub/other.html');
        await liveConnected(page);
        if (slow) {
          const before = await page.evaluate(
            () => (window as unknown as { __ferroxLive: { instance: string } }).__ferroxLive.instance,
          );
          await page.route('**/__ferrox/events?**', async (route) => {
            if (new URL(route.request().url()).searchParams.get('instance') !== before)
              await new Promise((r) => setTimeout(r, 1500));
            await route.continue();
          });
        }
        await cli.stop();
        cli = await startCli(args);
        // The reload the restart asks for is cut short by the navigation (ERR_ABORTED for waitForURL).
        await until('the page is at the URL', () => page.url() === cli.url, 10_000);
        await page.waitForLoadState();
        await liveConnected(page);
        // Opening is decided by now; a stub started later would show by now.
        await until('the CLI says where the page went', () =>
          /a page of this server was open: it went to the URL \(no new tab\)/.test(cli.stderr()),
        );
        assert.equal(fs.readFileSync(record, 'utf8'), `${cli.url}\n`, 'the second start started no browser');
      } finally {
        await page.close();
        await cli.stop();
        fs.rmSync(record, { force: true });
      }
    });
  }

  describe('in process, as the extension drives the core', () => {
    let server: FerroxServer;
    let watcher: TreeWatch;
    let options: ServerOptions;

    beforeEach(async () => {
      options = { root: dir, port: await freePort(), liveReload: true };
      server = new FerroxServer(options);
      watcher = new TreeWatch(dir);
      server.setChangeSource(watcher);
      await server.start();
      await watcher.start();
    });
    afterEach(async () => {
      watcher.dispose();
      await server.stop();
    });

    it('Reconfigure with live reload turned off and on again (a new instance): at most one reload, then edits arrive', async () => {
      const { page, loads } = await openPage(server.address!.url);
      try {
        await server.reconfigure({ ...options, liveReload: false });
        await server.reconfigure({ ...options, liveReload: true });
        await settlesOn(page, loads, await instanceOf(server.address!.url));
        await editReaches(page);
      } finally {
        await page.close();
      }
    });

    it('Reconfigure that changes the injected tag (browser console on): the page stays, and its next load gets the new tag', async () => {
      const { page, loads } = await openPage(server.address!.url);
      try {
        const instance = await instanceOf(server.address!.url);
        await server.reconfigure({ ...options, browserConsole: 'all' });
        await settlesOn(page, loads, instance);
        assert.equal(loads(), 1, 'the same instance: no reload');
        // The cached copy (no console tag) must not be revalidated into a 304.
        const reloaded = await page.reload();
        assert.match(await reloaded!.text(), /data-console="all"/, 'the reload has the console tag');
        await editReaches(page);
      } finally {
        await page.close();
      }
    });

    it('Reconfigure to another port: the tab goes to the same path there, and edits arrive', async () => {
      fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'sub', 'page.html'), PAGE('sub'));
      const { page } = await openPage(`${server.address!.url}sub/page.html?q=1#h`);
      try {
        const port = await freePort();
        await server.reconfigure({ ...options, port });
        await page.waitForURL(`http://127.0.0.1:${port}/sub/page.html?q=1#h`);
        await liveConnected(page);
        fs.writeFileSync(path.join(dir, 'sub', 'page.html'), PAGE('after the move'));
        await page.waitForFunction(() => document.getElementById('msg')?.textContent === 'after the move');
      } finally {
        await page.close();
      }
    });

    it('Reconfigure to HTTPS on the same port: the tab goes to https there once it answers, and edits arrive', async () => {
      const context = await suite.browser.newContext({ ignoreHTTPSErrors: true });
      const page = await context.newPage();
      try {
        fs.writeFileSync(path.join(dir, 'index.html'), PAGE('first'));
        await page.goto(`${server.address!.url}?q=2`);
        await liveConnected(page);
        const port = server.address!.port;
        await server.reconfigure({ ...options, tls: makeCert(dir, 'moved') });
        await page.waitForURL(`https://127.0.0.1:${port}/?q=2`);
        await liveConnected(page);
        await editReaches(page);
      } finally {
        await context.close();
      }
    });

    it('Stop and Serve (a new server on the same port): at most one reload, then edits arrive', async () => {
      const { page, loads } = await openPage(server.address!.url);
      try {
        await server.stop();
        watcher.dispose();
        server = new FerroxServer(options);
        watcher = new TreeWatch(dir);
        server.setChangeSource(watcher);
        await server.start();
        await watcher.start();
        await settlesOn(page, loads, await instanceOf(server.address!.url));
        await editReaches(page);
      } finally {
        await page.close();
      }
    });
  });
});
