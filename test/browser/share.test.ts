import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { launchChromium, startCli, type Cli } from './browserHelpers';

describe('sharing with a token in Chromium (ferrox --share --live)', function () {
  this.timeout(30_000);
  let dir: string;
  let cli: Cli;
  let browser: Browser;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-share-'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>shared</title><h1 id="msg">one</h1>');
    // Loopback only for the test's traffic; --share itself binds every interface.
    cli = await startCli([dir, '--port', '0', '--share', '--live', '--quiet']);
    browser = await launchChromium(chromium);
  });
  after(async () => {
    await browser?.close();
    await cli?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens the link with the token, lands on the page without it, and gets live reload through the cookie', async () => {
    const link = /^Serving .+ at (\S+)/.exec(cli.firstLine)![1];
    assert.match(link, /\?token=/);
    const page = await browser.newPage();
    try {
      const response = await page.goto(link);
      assert.equal(response?.status(), 200);
      assert.equal(new URL(page.url()).search, '', 'the token is gone from the address bar');
      assert.equal(await page.textContent('#msg'), 'one');
      await page.waitForFunction(() => (window as unknown as { __ferroxLive?: { connected: boolean } }).__ferroxLive?.connected === true);
      fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>shared</title><h1 id="msg">two</h1>');
      await page.waitForFunction(() => document.getElementById('msg')?.textContent === 'two');
      const stranger = await browser.newContext();
      const other = await stranger.newPage();
      const refused = await other.goto(new URL('/', link).href);
      assert.equal(refused?.status(), 401, 'another browser without the link gets nothing');
      await stranger.close();
    } finally {
      await page.close();
    }
  });

  it('works inside a frame of another site, as in the editor\'s preview panel, through a partitioned cookie', async () => {
    const link = new URL(/^Serving .+ at (\S+)/.exec(cli.firstLine)![1]);
    const framed = `http://127.0.0.1:${link.port}/${link.search}`;
    // As in the editor: the workbench (here "localhost") frames a webview of another site
    // (here 127.0.0.2), which frames the preview; the server at 127.0.0.1 is a third site.
    const page_ = (body: string) => http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(body);
    });
    const webview = page_(`<!doctype html><iframe id="preview" src="${framed}"></iframe>`);
    await new Promise<void>((resolve) => webview.listen(0, '127.0.0.2', resolve));
    const embedder = page_(`<!doctype html><iframe src="http://127.0.0.2:${(webview.address() as AddressInfo).port}/"></iframe>`);
    await new Promise<void>((resolve) => embedder.listen(0, '127.0.0.1', resolve));
    const page = await browser.newPage();
    try {
      fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>shared</title><h1 id="msg">framed</h1>');
      await page.goto(`http://localhost:${(embedder.address() as AddressInfo).port}/`);
      const frameOf = () => page.frames().find((f) => f.url().startsWith(`http://127.0.0.1:${link.port}/`));
      let frame = frameOf();
      for (let i = 0; i < 50 && (frame === undefined || new URL(frame.url()).search !== ''); i++) {
        await new Promise((r) => setTimeout(r, 100));
        frame = frameOf();
      }
      assert.ok(frame, 'the frame navigated');
      await frame.waitForSelector('#msg');
      assert.equal(await frame.textContent('#msg'), 'framed', 'the page came through the cookie, not a 401');
      await frame.waitForFunction(() => (window as unknown as { __ferroxLive?: { connected: boolean } }).__ferroxLive?.connected === true);
      fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>shared</title><h1 id="msg">framed again</h1>');
      await frame.waitForFunction(() => document.getElementById('msg')?.textContent === 'framed again');
    } finally {
      await page.close();
      embedder.close();
      webview.close();
    }
  });
});
