import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import WebSocket from 'ws';
import { newAccessToken, type AccessLogEntry } from '../../../src/core';
import { rawExchange, startServer, type Running } from '../helpers';
import { makeCert } from '../../shared/testCerts';
import { startBackend, type Backend } from './backend';

/** Opens a WebSocket and collects its messages; resolves once it is open. */
async function connect(
  url: string,
  options: WebSocket.ClientOptions = {},
): Promise<{ ws: WebSocket; messages: string[]; next(): Promise<string> }> {
  const ws = new WebSocket(url, options);
  const messages: string[] = [];
  const waiters: ((m: string) => void)[] = [];
  ws.on('message', (data) => {
    const text = data.toString();
    const waiter = waiters.shift();
    if (waiter) waiter(text);
    else messages.push(text);
  });
  await once(ws, 'open');
  return {
    ws,
    messages,
    next: () => (messages.length > 0 ? Promise.resolve(messages.shift()!) : new Promise((r) => waiters.push(r))),
  };
}

describe('proxy rules: WebSocket upgrades', function () {
  this.timeout(15_000);
  let backend: Backend;
  let dir: string;
  let srv: Running;
  const entries: AccessLogEntry[] = [];

  before(async () => {
    backend = await startBackend();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-ws-'));
    srv = await startServer({
      root: dir,
      proxy: { '/ws': backend.origin, '/no-ws': { target: backend.origin, ws: false }, '/down': 'http://127.0.0.1:9' },
    });
    srv.server.on('access', (e) => entries.push(e));
  });
  after(async () => {
    await srv?.server.stop();
    await backend?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('echoes text and binary both ways through the proxy, on the joined path', async () => {
    const { ws, next } = await connect(`ws://127.0.0.1:${srv.port}/ws/chat?room=1`);
    assert.equal(await next(), 'hello /chat?room=1');
    ws.send('ping');
    assert.equal(await next(), 'ping');
    const binary = new Promise<Buffer>((resolve) => ws.once('message', (d) => resolve(d as Buffer)));
    ws.send(Buffer.from([0, 1, 2, 255]));
    assert.deepEqual([...(await binary)], [0, 1, 2, 255]);
    ws.close(4001, 'bye');
    await once(ws, 'close');
    for (let i = 0; i < 50 && !backend.wsCloses.includes(4001); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(backend.wsCloses.includes(4001), 'the close (and its code) reached the backend');
  });

  it("closes the browser's socket when the backend goes away, and logs the tunnel with its target", async () => {
    entries.length = 0;
    const { ws, next } = await connect(`ws://127.0.0.1:${srv.port}/ws/gone`);
    await next();
    const closed = once(ws, 'close');
    await backend.dropWebSockets();
    const [code] = await closed;
    assert.ok(typeof code === 'number');
    for (let i = 0; i < 50 && entries.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(entries[0]?.status, 101);
    assert.equal(entries[0]?.upstream?.target, `${backend.origin}/gone`);
  });

  it('refuses upgrades off proxied paths, on a rule with "ws": false, and answers 502 for a backend that is down', async () => {
    const upgrade = (p: string) =>
      rawExchange(
        srv.port,
        `GET ${p} HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      );
    assert.match((await upgrade('/elsewhere')).text, /^HTTP\/1\.1 404 /);
    assert.match((await upgrade('/no-ws/chat')).text, /^HTTP\/1\.1 403 [^]*"ws": false/);
    assert.match((await upgrade('/down/chat')).text, /^HTTP\/1\.1 502 [^]*127\.0\.0\.1:9[^]*ECONNREFUSED/);
    const evil = await rawExchange(
      srv.port,
      `GET /ws/chat HTTP/1.1\r\nHost: attacker.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`,
    );
    assert.match(evil.text, /^HTTP\/1\.1 403 /, 'the Host check comes first');
  });

  it('forwards WebSocket upgrades only: an h2c upgrade is refused, never tunnelled', async () => {
    const seen = backend.seen.length;
    const h2c = await rawExchange(
      srv.port,
      `GET /ws/x HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nConnection: Upgrade, HTTP2-Settings\r\n` +
        'Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n',
    );
    assert.match(h2c.text, /^HTTP\/1\.1 400 [^]*Only WebSocket upgrades/);
    assert.equal(backend.seen.length, seen, 'the backend never saw it');
  });

  it("takes a browser's handshake only from this server's own pages (or allowed hosts), unless the rule says otherwise", async () => {
    await assert.rejects(
      connect(`ws://127.0.0.1:${srv.port}/ws/o`, { origin: 'http://127.0.0.2:8000' }),
      /403/,
      "another site's page",
    );
    await assert.rejects(connect(`ws://127.0.0.1:${srv.port}/ws/o`, { origin: 'null' }), /403/, 'a sandboxed page');
    const own = await connect(`ws://127.0.0.1:${srv.port}/ws/o`, { origin: `http://127.0.0.1:${srv.port}` });
    assert.equal(await own.next(), 'hello /o');
    own.ws.close();
    const tool = await connect(`ws://127.0.0.1:${srv.port}/ws/o`);
    assert.equal(await tool.next(), 'hello /o', 'a client without an Origin is no browser page');
    tool.ws.close();
    const open = await startServer({
      root: dir,
      allowedHosts: ['app.test'],
      proxy: { '/ws': backend.origin, '/any': { target: backend.origin, checkOrigin: false } },
    });
    try {
      const allowed = await connect(`ws://127.0.0.1:${open.port}/ws/o`, { origin: 'https://app.test' });
      assert.equal(await allowed.next(), 'hello /o', 'a host the user allowed by name');
      const any = await connect(`ws://127.0.0.1:${open.port}/any/o`, { origin: 'http://127.0.0.2:8000' });
      assert.equal(await any.next(), 'hello /o', '"checkOrigin": false');
      allowed.ws.close();
      any.ws.close();
    } finally {
      await open.server.stop();
    }
  });

  it('closes open tunnels when the server stops', async () => {
    const other = await startServer({ root: dir, proxy: { '/ws': backend.origin } });
    const { ws, next } = await connect(`ws://127.0.0.1:${other.port}/ws/stop`);
    await next();
    const closed = once(ws, 'close');
    const started = Date.now();
    await other.server.stop();
    await closed;
    assert.ok(Date.now() - started < 2000, 'stop() does not wait for tunnels');
  });

  it('needs the access token while shared, and never passes it to the backend', async () => {
    const token = newAccessToken();
    const shared = await startServer({ root: dir, accessToken: token, proxy: { '/ws': backend.origin } });
    try {
      await assert.rejects(connect(`ws://127.0.0.1:${shared.port}/ws/t`), /401/);
      const { ws, next } = await connect(`ws://127.0.0.1:${shared.port}/ws/t?a=1&token=${token}`);
      assert.equal(await next(), 'hello /t?a=1', 'the token is taken out of the forwarded URL');
      ws.close();
      const cookie = `ferrox-token-${shared.port}=${token}; theme=dark`;
      const viaCookie = await connect(`ws://127.0.0.1:${shared.port}/ws/c`, { headers: { Cookie: cookie } });
      await viaCookie.next();
      assert.equal(backend.lastUpgradeHeaders()?.cookie, 'theme=dark', 'its own cookie stays here');
      viaCookie.ws.close();
    } finally {
      await shared.server.stop();
    }
  });

  it('works on a TLS port that also speaks HTTP/2 (WebSockets use HTTP/1.1 there)', async () => {
    const certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-ws-tls-'));
    const tls = makeCert(certDir, 'ws');
    const secure = await startServer({ root: dir, tls, proxy: { '/ws': backend.origin } });
    try {
      const { ws, next } = await connect(`wss://127.0.0.1:${secure.port}/ws/tls`, { rejectUnauthorized: false });
      assert.equal(await next(), 'hello /tls');
      ws.send('over tls');
      assert.equal(await next(), 'over tls');
      ws.close();
    } finally {
      await secure.server.stop();
      fs.rmSync(certDir, { recursive: true, force: true });
    }
  });
  it("goes through a whole-site backend too (backendUrl), with live reload's own routes kept by Ferrox", async () => {
    const site = await startServer({ root: dir, liveReload: true, backendUrl: backend.origin, static: ['/assets'] });
    try {
      const { ws, next } = await connect(`ws://127.0.0.1:${site.port}/chat`);
      assert.equal(await next(), 'hello /chat');
      ws.close();
      const before = backend.seen.length;
      const client = await rawExchange(
        site.port,
        'GET /__ferrox/live.js HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
      );
      assert.match(client.text, /^HTTP\/1\.1 200 [^]*content-type: text\/javascript/i);
      assert.equal(backend.seen.length, before, 'never asked of the backend');
    } finally {
      await site.server.stop();
    }
  });
});
