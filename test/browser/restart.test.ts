import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { FerroxServer, TreeWatch, type ServerOptions } from '../../src/core';
import { countLoads, instanceOf, settlesOn } from '../shared/restart';
import { browserSuite, freePort, liveConnected, startCli } from './browserHelpers';

const PAGE = (text: string) => `<!doctype html>
<html><head><title>restart</title></head><body><h1 id="msg">${text}</h1><input id="name"></body></html>
`;

describe('a page left open while its server restarts, in Chromium', function () {
  this.timeout(40_000);
  const suite = browserSuite('restart');
  let dir: string;
  before(() => { dir = suite.dir; });

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

  for (const mode of [{ name: 'in place', flags: [] }, { name: 'reload', flags: ['--no-html-in-place'] }]) {
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
