import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { FerroxServer, type BrowserMessage } from '../../src/core';
import { browserSuite } from './browserHelpers';

describe('another site against a server with CORS on, in Chromium', function () {
  this.timeout(30_000);
  const suite = browserSuite('cross-origin', { 'index.html': '<!doctype html><title>site</title><p>files</p>' });
  let server: FerroxServer;
  const consoleMessages: BrowserMessage[] = [];

  before(async () => {
    server = new FerroxServer({ root: suite.dir, port: 0, liveReload: true, cors: true, browserConsole: 'all' });
    server.on('browserConsole', (m) => consoleMessages.push(m));
    await server.start();
    suite.onClose(() => server.stop());
  });

  it("reads the files it was allowed to, but neither the event stream's instance id, a way to post as a page, nor the folder's path", async () => {
    const base = server.address!.url;
    // The attacker's page, on another loopback origin.
    const attacker = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(`<!doctype html><script>
window.done = (async () => {
  const out = {};
  out.file = await fetch(${JSON.stringify(`${base}index.html`)}).then((r) => r.text()).catch((e) => 'error: ' + e);
  out.hello = await fetch(${JSON.stringify(`${base}__ferrox/events`)}).then(async (r) => new TextDecoder().decode((await r.body.getReader().read()).value))
    .catch((e) => 'error: ' + e);
  const instance = (/"instance":"([^"]+)"/.exec(out.hello) || [])[1] || 'a guess';
  const body = JSON.stringify({ instance, page: '/', entries: [{ level: 'error', message: 'posted by another site' }] });
  out.post = await fetch(${JSON.stringify(`${base}__ferrox/console`)}, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })
    .then((r) => r.status).catch((e) => 'error: ' + e);
  out.simple = await fetch(${JSON.stringify(`${base}__ferrox/console`)}, { method: 'POST', mode: 'no-cors', body }).then(() => 'sent').catch((e) => 'error: ' + e);
  out.devtools = await fetch(${JSON.stringify(`${base}.well-known/appspecific/com.chrome.devtools.json`)}).then((r) => r.text()).catch((e) => 'error: ' + e);
  return out;
})();
</script>`);
    });
    await new Promise<void>((r) => attacker.listen(0, '127.0.0.2', r));
    suite.onClose(() => attacker.close());
    const page = await suite.browser.newPage();
    try {
      await page.goto(`http://127.0.0.2:${(attacker.address() as AddressInfo).port}/`);
      const out = await page.evaluate(() => (window as unknown as { done: Promise<Record<string, string>> }).done);
      assert.match(out.file, /<p>files<\/p>/, 'CORS on: the files are readable, as the user asked');
      assert.match(out.hello, /^error: TypeError/, `the event stream is not: ${out.hello}`);
      assert.match(out.post, /^error: TypeError/, 'a JSON post fails its preflight');
      // The no-cors post resolved once the server had answered it: had it been taken, its entry would be here.
      assert.equal(out.simple, 'sent');
      assert.deepEqual(
        consoleMessages.map((m) => m.message),
        [],
      );
      assert.match(out.devtools, /^error: TypeError/, `the folder's path on disk is not: ${out.devtools}`);
    } finally {
      await page.close();
    }
  });
});

describe('another site against a proxied WebSocket, in Chromium', function () {
  this.timeout(30_000);
  const suite = browserSuite('cross-origin-ws', { 'index.html': '<!doctype html><title>own</title>' });
  let server: FerroxServer;
  let opened = 0;

  before(async () => {
    const backend = http.createServer();
    const sockets = new WebSocketServer({ server: backend });
    sockets.on('connection', (ws) => {
      opened++;
      ws.send('secret state');
    });
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
    suite.onClose(() => {
      sockets.close();
      backend.close();
    });
    server = new FerroxServer({
      root: suite.dir,
      port: 0,
      proxy: { '/live': `http://127.0.0.1:${(backend.address() as AddressInfo).port}` },
    });
    await server.start();
    suite.onClose(() => server.stop());
  });

  /** Opens the proxied socket from a page at `pageUrl`; resolves with its first message or how it failed. */
  async function openFrom(pageUrl: string): Promise<string> {
    const page = await suite.browser.newPage();
    try {
      await page.goto(pageUrl);
      const socketUrl = `ws://127.0.0.1:${server.address!.port}/live/feed`;
      return await page.evaluate(
        (url) =>
          new Promise<string>((resolve) => {
            const ws = new WebSocket(url);
            ws.onmessage = (e) => resolve(`message: ${e.data}`);
            ws.onerror = () => resolve('error');
          }),
        socketUrl,
      );
    } finally {
      await page.close();
    }
  }

  it("does not let another site's page open it (cross-site WebSocket hijacking), and lets the server's own page", async () => {
    const attacker = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>elsewhere</title>');
    });
    await new Promise<void>((r) => attacker.listen(0, '127.0.0.2', r));
    suite.onClose(() => attacker.close());
    assert.equal(await openFrom(`http://127.0.0.2:${(attacker.address() as AddressInfo).port}/`), 'error');
    assert.equal(opened, 0, "the backend never saw the attacker's socket");
    assert.equal(await openFrom(server.address!.url), 'message: secret state');
  });
});
