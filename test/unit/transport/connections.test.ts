import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { servedFixture, rawExchange, statusLines } from '../helpers';

describe('keep-alive, pipelining and timeouts', () => {
  const { srv } = servedFixture({ keepAliveTimeoutMs: 300, headersTimeoutMs: 1000, maxHeaderSize: 4096 });

  it('answers pipelined requests in order on one connection', async () => {
    const req = (p: string) => `GET ${p} HTTP/1.1\r\nHost: localhost\r\n\r\n`;
    const r = await rawExchange(srv.port, req('/hello.txt') + req('/missing') + req('/file2.txt') + req('/docs'), 800);
    const lines = statusLines(r.text);
    assert.deepEqual(
      lines.map((l) => l.split(' ')[1]),
      ['200', '404', '200', '301'],
    );
    const helloAt = r.text.indexOf('hello world');
    const twoAt = r.text.indexOf('\r\n\r\n2', helloAt);
    assert.ok(helloAt > 0 && twoAt > helloAt, 'bodies come in request order');
  });

  it('keeps an HTTP/1.1 connection open, then closes it after the keep-alive timeout', async () => {
    const started = Date.now();
    const r = await rawExchange(srv.port, 'GET /hello.txt HTTP/1.1\r\nHost: localhost\r\n\r\n', 3000);
    assert.equal(r.closedByServer, true);
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 250 && elapsed < 2500, `closed after ${elapsed} ms (keep-alive 300 ms)`);
    assert.match(r.text, /Connection: keep-alive/i);
  });

  it('closes HTTP/1.0 unless keep-alive is asked for', async () => {
    const plain = await rawExchange(srv.port, 'GET /hello.txt HTTP/1.0\r\n\r\n', 3000);
    assert.equal(plain.closedByServer, true);
    assert.match(statusLines(plain.text)[0], / 200 /);
    const socket = net.connect(srv.port, '127.0.0.1');
    try {
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write('GET /hello.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
      await new Promise((resolve) => socket.once('data', resolve));
      socket.write('GET /file2.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
      const second = await new Promise<Buffer>((resolve) => socket.once('data', resolve));
      assert.match(second.toString(), /^HTTP\/1\.1 200/, 'a second request on the same HTTP/1.0 connection');
    } finally {
      socket.destroy();
    }
  });

  it('honours Connection: close', async () => {
    const r = await rawExchange(
      srv.port,
      'GET /hello.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
      3000,
    );
    assert.equal(r.closedByServer, true);
    assert.match(r.text, /Connection: close/i);
  });

  it('answers oversized headers with 431', async () => {
    const r = await rawExchange(
      srv.port,
      `GET /hello.txt HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(8000)}\r\n\r\n`,
      3000,
    );
    assert.match(statusLines(r.text)[0], /^HTTP\/1\.1 431 /);
    assert.equal(r.closedByServer, true);
  });

  it('drops a slowloris client after the headers timeout', async () => {
    const started = Date.now();
    const socket = net.connect(srv.port, '127.0.0.1');
    const text = await new Promise<string>((resolve, reject) => {
      let data = '';
      let drip: NodeJS.Timeout | undefined;
      socket.on('connect', () => {
        socket.write('GET /hello.txt HTTP/1.1\r\nHost: localhost\r\n');
        drip = setInterval(() => socket.write('X-Drip: 1\r\n'), 200);
      });
      socket.on('data', (c) => {
        data += c.toString();
      });
      socket.on('close', () => {
        clearInterval(drip);
        resolve(data);
      });
      socket.on('error', (e) => {
        clearInterval(drip);
        reject(e);
      });
      setTimeout(() => {
        clearInterval(drip);
        socket.destroy();
      }, 6000);
    });
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 4000, `dropped after ${elapsed} ms (headers timeout 1000 ms)`);
    assert.match(text, /^HTTP\/1\.1 408 /);
  });

  it('answers a malformed request with 400 and stays up', async () => {
    const r = await rawExchange(srv.port, 'THIS IS NOT HTTP\r\n\r\n', 3000);
    assert.match(statusLines(r.text)[0], /^HTTP\/1\.1 400 /);
    const ok = await rawExchange(srv.port, 'GET /hello.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    assert.match(statusLines(ok.text)[0], / 200 /);
  });
});
