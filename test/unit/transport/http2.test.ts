import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http2 from 'node:http2';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { FerroxServer, ManualChangeFeed, type AccessLogEntry, type ServerOptions } from '../../../src/core';
import { makeFixture, type Fixture } from '../helpers';
import { h2request } from '../protocols';
import { makeCert } from '../../shared/testCerts';

const connect = (port: number) => {
  const session = http2.connect(`https://127.0.0.1:${port}`, { rejectUnauthorized: false, servername: 'localhost' });
  session.on('error', () => undefined);
  return session;
};

const closed = (emitter: { once(event: 'close', fn: () => void): unknown }, ms: number) =>
  new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    emitter.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });

describe('HTTP/2', function () {
  this.timeout(15_000);
  let fx: Fixture;
  let files: { cert: string; key: string };
  const servers: FerroxServer[] = [];
  const start = async (options: Omit<ServerOptions, 'root' | 'tls'> = {}) => {
    const server = new FerroxServer({ root: fx.root, port: 0, tls: files, ...options });
    servers.push(server);
    return { server, port: (await server.start()).port };
  };
  before(() => {
    fx = makeFixture();
    files = makeCert(fx.base, 'h2');
    fs.writeFileSync(path.join(fx.root, 'large.bin'), Buffer.alloc(32 * 1024 * 1024, 7));
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });
  after(() => fx.cleanup());

  it('refuses a request whose Host header and :authority disagree, on the full path and the hot path', async () => {
    const { port } = await start();
    const session = connect(port);
    try {
      const ask = (headers: http2.OutgoingHttpHeaders) =>
        new Promise<number>((resolve, reject) => {
          const stream = session.request({ ':path': '/hello.txt', ...headers });
          stream.on('response', (h) => {
            stream.resume();
            resolve(Number(h[':status']));
          });
          stream.on('error', reject);
        });
      // Twice: the second would come from the hot path.
      for (let i = 0; i < 2; i++) {
        assert.equal(await ask({ ':authority': `localhost:${port}` }), 200);
        assert.equal(
          await ask({ ':authority': `localhost:${port}`, host: 'attacker.test' }),
          400,
          'the check must not read one and the answer go by the other',
        );
        assert.equal(await ask({ ':authority': 'attacker.test', host: `localhost:${port}` }), 400);
      }
    } finally {
      session.close();
    }
  });

  it('offers h2 and http/1.1 on one TLS port, caps concurrent streams, and logs HTTP/2.0', async () => {
    const { server, port } = await start();
    const entries: AccessLogEntry[] = [];
    server.on('access', (e) => entries.push(e));
    for (const [alpn, expected] of [
      [['h2', 'http/1.1'], 'h2'],
      [['http/1.1'], 'http/1.1'],
    ]) {
      const socket = tls.connect({
        host: '127.0.0.1',
        port,
        servername: 'localhost',
        rejectUnauthorized: false,
        ALPNProtocols: alpn as string[],
      });
      await new Promise((r) => socket.once('secureConnect', r));
      assert.equal(socket.alpnProtocol, expected);
      socket.destroy();
    }
    const session = connect(port);
    await new Promise((r) => session.once('remoteSettings', r));
    assert.equal(session.remoteSettings.maxConcurrentStreams, 100);
    session.close();
    const first = await h2request(port, '/hello.txt');
    const again = await h2request(port, '/hello.txt');
    assert.equal(again.text, 'hello world\n');
    assert.deepEqual(again.headers, first.headers, 'the hot path answers a repeat with the same headers');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(entries.at(-1)?.httpVersion, '2.0');
  });

  it('refuses an unknown :authority, as the Host check does', async () => {
    const { port } = await start();
    assert.equal((await h2request(port, '/hello.txt', { headers: { Host: 'evil.example' } })).status, 403);
  });

  it('carries the live-reload event stream', async () => {
    const { server, port } = await start({ liveReload: true, liveReloadDebounceMs: 10 });
    const changes = new ManualChangeFeed();
    server.setChangeSource(changes);
    const session = connect(port);
    const stream = session.request({ ':path': '/__ferrox/events', ':authority': `localhost:${port}` });
    let text = '';
    stream.setEncoding('utf8');
    const saw = (pattern: RegExp) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (pattern.test(text)) resolve();
        };
        stream.on('data', (c: string) => {
          text += c;
          check();
        });
        check();
      });
    await saw(/event: hello/);
    changes.fire(path.join(fx.root, 'hello.txt'));
    await saw(/event: change\ndata: \{"css":\[\],"other":\["\/hello\.txt"\]\}/);
    session.destroy();
  });

  it('stops gracefully: GOAWAY, and a download in flight still completes', async () => {
    const { server, port } = await start();
    const session = connect(port);
    const goaway = new Promise<void>((r) => session.once('goaway', () => r()));
    const stream = session.request({ ':path': '/large.bin', ':authority': `localhost:${port}` });
    let bytes = 0;
    await new Promise<void>((r) =>
      stream.once('data', (c: Buffer) => {
        bytes += c.length;
        r();
      }),
    );
    const stopped = server.stop();
    stream.on('data', (c: Buffer) => {
      bytes += c.length;
    });
    await new Promise((r) => stream.once('end', r));
    await goaway;
    await stopped;
    assert.equal(bytes, 32 * 1024 * 1024);
  });

  it('closes an idle session after the keep-alive timeout', async () => {
    const { port } = await start({ keepAliveTimeoutMs: 300 });
    const session = connect(port);
    await new Promise((r) => session.once('remoteSettings', r));
    assert.equal(await closed(session, 3000), true);
  });

  it('resets a stream whose client stops reading, freeing what it held', async () => {
    const { port } = await start({ headersTimeoutMs: 1000, requestTimeoutMs: 1000 });
    const session = connect(port);
    const stream = session.request({ ':path': '/large.bin', ':authority': `localhost:${port}` });
    stream.pause(); // never read: flow control stalls the server's writes
    assert.equal(await closed(stream, 5000), true);
    assert.equal(stream.rstCode, http2.constants.NGHTTP2_CANCEL);
    session.destroy();
  });

  it('ends a session that sends garbage frames, and frees its socket', async () => {
    const { port } = await start();
    const socket = tls.connect({
      host: '127.0.0.1',
      port,
      servername: 'localhost',
      rejectUnauthorized: false,
      ALPNProtocols: ['h2'],
    });
    await new Promise((r) => socket.once('secureConnect', r));
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
    socket.write(Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), Buffer.alloc(64, 0xff)]));
    assert.equal(await closed(socket, 3000), true);
  });

  it('cuts an HTTP/1.1 client on the same port that trickles its headers (slowloris), and survives an idle one', async () => {
    const { port } = await start({ headersTimeoutMs: 1000, keepAliveTimeoutMs: 1000 });
    const socket = tls.connect({
      host: '127.0.0.1',
      port,
      servername: 'localhost',
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    await new Promise((r) => socket.once('secureConnect', r));
    socket.on('error', () => undefined);
    socket.write('GET /hello.txt HTTP/1.1\r\nHost: localhost\r\n');
    const trickle = setInterval(() => {
      if (!socket.destroyed) socket.write('X-Slow: 1\r\n');
    }, 300);
    const started = Date.now();
    const cut = await closed(socket, 5000);
    clearInterval(trickle);
    assert.equal(cut, true, 'closed');
    assert.ok(Date.now() - started < 3000, `after ${Date.now() - started} ms`);
    assert.equal((await h2request(port, '/hello.txt')).status, 200, 'still serving');
  });

  it('closes an idle HTTP/1.1 keep-alive connection on the same port after the keep-alive timeout', async () => {
    const { port } = await start({ keepAliveTimeoutMs: 500 });
    const socket = tls.connect({
      host: '127.0.0.1',
      port,
      servername: 'localhost',
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    await new Promise((r) => socket.once('secureConnect', r));
    socket.on('error', () => undefined);
    const answered = new Promise((r) => socket.once('data', r));
    socket.write('GET /hello.txt HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await answered;
    assert.equal(await closed(socket, 4000), true);
    assert.equal((await h2request(port, '/hello.txt')).status, 200, 'the server is still up');
  });

  it('answers a too-large body with 413 and ends the stream, so the client stops sending', async () => {
    const { port } = await start({ liveReload: true });
    const session = connect(port);
    const stream = session.request({
      ':method': 'POST',
      ':path': '/__ferrox/console',
      ':authority': `localhost:${port}`,
      'content-type': 'application/json',
    });
    const status = new Promise<number>((r) => stream.once('response', (h) => r(Number(h[':status']))));
    const ended = closed(stream, 3000);
    stream.on('error', () => undefined);
    stream.resume();
    stream.end(Buffer.alloc(200 * 1024, 32));
    assert.equal(await status, 413);
    assert.equal(await ended, true, 'not left hanging on flow control');
    session.destroy();
  });

  it('speaks HTTP/1.1 only with http2: false', async () => {
    const { port } = await start({ http2: false });
    const socket = tls.connect({
      host: '127.0.0.1',
      port,
      servername: 'localhost',
      rejectUnauthorized: false,
      ALPNProtocols: ['h2', 'http/1.1'],
    });
    await new Promise((r) => socket.once('secureConnect', r));
    assert.notEqual(socket.alpnProtocol, 'h2');
    socket.destroy();
  });
});
