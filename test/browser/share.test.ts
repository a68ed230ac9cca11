import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { FerroxServer, newAccessToken, shareOptions, TreeWatch, type ServerOptions } from '../../src/core';
import { countLoads } from '../shared/restart';
import { browserSuite, freePort, liveConnected, startCli, until, type Cli } from './browserHelpers';

describe('sharing with a token in Chromium (ferrox --share --live)', function () {
  this.timeout(30_000);
  const suite = browserSuite('share', { 'index.html': '<!doctype html><title>shared</title><h1 id="msg">one</h1>' });
  let dir: string;
  let cli: Cli;

  before(async () => {
    dir = suite.dir;
    // Loopback only for the test's traffic; --share itself binds every interface.
    cli = await startCli([dir, '--port', '0', '--share', '--live', '--quiet']);
    suite.onClose(() => cli.stop());
  });

  it('opens the link with the token, lands on the page without it, and gets live reload through the cookie', async () => {
    const link = /^Serving .+ at (\S+)/.exec(cli.firstLine)![1];
    assert.match(link, /\?token=/);
    const page = await suite.browser.newPage();
    try {
      const response = await page.goto(link);
      assert.equal(response?.status(), 200);
      assert.equal(new URL(page.url()).search, '', 'the token is gone from the address bar');
      assert.equal(await page.textContent('#msg'), 'one');
      await liveConnected(page);
      fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>shared</title><h1 id="msg">two</h1>');
      await page.waitForFunction(() => document.getElementById('msg')?.textContent === 'two');
      const stranger = await suite.browser.newContext();
      const other = await stranger.newPage();
      const refused = await other.goto(new URL('/', link).href);
      assert.equal(refused?.status(), 401, 'another browser without the link gets nothing');
      await stranger.close();
    } finally {
      await page.close();
    }
  });

  it("works inside a frame of another site, as in the editor's preview panel, through a partitioned cookie", async () => {
    const link = new URL(/^Serving .+ at (\S+)/.exec(cli.firstLine)![1]);
    const framed = `http://127.0.0.1:${link.port}/${link.search}`;
    // As in the editor: the workbench (here "localhost") frames a webview of another site
    // (here 127.0.0.2), which frames the preview; the server at 127.0.0.1 is a third site.
    const page_ = (body: string) =>
      http.createServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end(body);
      });
    const webview = page_(`<!doctype html><iframe id="preview" src="${framed}"></iframe>`);
    await new Promise<void>((resolve) => webview.listen(0, '127.0.0.2', resolve));
    const embedder = page_(
      `<!doctype html><iframe src="http://127.0.0.2:${(webview.address() as AddressInfo).port}/"></iframe>`,
    );
    await new Promise<void>((resolve) => embedder.listen(0, '127.0.0.1', resolve));
    const page = await suite.browser.newPage();
    try {
      fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>shared</title><h1 id="msg">framed</h1>');
      await page.goto(`http://localhost:${(embedder.address() as AddressInfo).port}/`);
      const frameOf = () => page.frames().find((f) => f.url().startsWith(`http://127.0.0.1:${link.port}/`));
      let frame: Frame | undefined;
      await until('the framed link to land without its token', () => {
        frame = frameOf();
        return frame !== undefined && new URL(frame.url()).search === '';
      });
      assert.ok(frame, 'the frame navigated');
      await frame.waitForSelector('#msg');
      assert.equal(await frame.textContent('#msg'), 'framed', 'the page came through the cookie, not a 401');
      await liveConnected(frame);
      fs.writeFileSync(
        path.join(dir, 'index.html'),
        '<!doctype html><title>shared</title><h1 id="msg">framed again</h1>',
      );
      await frame.waitForFunction(() => document.getElementById('msg')?.textContent === 'framed again');
    } finally {
      await page.close();
      embedder.close();
      webview.close();
    }
  });
});

describe('a page open when sharing begins (Share on Network in the editor), in Chromium', function () {
  this.timeout(30_000);
  const suite = browserSuite('share-begins', {
    'index.html': '<!doctype html><title>local</title><h1 id="msg">one</h1>',
  });
  type Live = { __ferroxLive?: { connected?: boolean; instance?: string } };

  for (const port of ['any', 'a chosen'] as const) {
    it(`keeps the server (${port} port): same URL, one reload at most, then edits arrive, reloads are let in, and the page never sees the token`, async () => {
      const options: ServerOptions = { root: suite.dir, port: port === 'any' ? 0 : await freePort(), liveReload: true };
      const server = new FerroxServer(options);
      const watcher = new TreeWatch(suite.dir);
      server.setChangeSource(watcher);
      const started = await server.start();
      await watcher.start();
      const page = await suite.openLive(started.url);
      try {
        const loads = countLoads(page);
        const before = await page.evaluate(() => (window as Live).__ferroxLive?.instance);
        const token = newAccessToken();
        const shared = await server.reconfigure(shareOptions(options, token));
        assert.equal(shared?.port, started.port, "the page's URL still names the server");
        // Rebound, the server is a new instance: the page (its grant redeemed) reloads once, through the cookie.
        await page.waitForFunction((old) => {
          const live = (window as Live).__ferroxLive;
          return live?.connected === true && live.instance !== old;
        }, before);
        assert.ok(loads() <= 1, `reloaded ${loads()} times`);
        suite.write('index.html', '<!doctype html><title>local</title><h1 id="msg">two</h1>');
        await page.waitForFunction(() => document.getElementById('msg')?.textContent === 'two');
        assert.equal(await page.evaluate(() => document.cookie), '', 'the share cookie is HttpOnly');
        assert.ok(!(await page.content()).includes(token), 'the token is nowhere in the page');
        assert.equal((await page.reload())?.status(), 200, 'a reload is let in by the cookie');
        const stranger = await suite.browser.newContext();
        assert.equal(
          (await (await stranger.newPage()).goto(started.url))?.status(),
          401,
          'another browser still needs the link',
        );
        await stranger.close();
      } finally {
        await page.close();
        watcher.dispose();
        await server.stop();
      }
    });
  }
});
