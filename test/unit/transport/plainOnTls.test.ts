import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http2 from 'node:http2';
import * as net from 'node:net';
import { FerroxServer } from '../../../src/core';
import { makeCert } from '../../shared/testCerts';
import { makeFixture, request, type Fixture } from '../helpers';

/** HTTP/2 over TLS: the status of a GET, or the error. */
function h2Get(port: number, ca: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`https://localhost:${port}`, { ca });
    session.on('error', reject);
    const req = session.request({ ':path': '/hello.txt' });
    req.on('response', (h) => {
      resolve(Number(h[':status']));
      session.close();
    });
    req.on('error', reject);
    req.end();
  });
}

describe('http:// sent to the HTTPS port', function () {
  this.timeout(20_000);
  let fx: Fixture;
  let tls: { cert: string; key: string };
  before(() => {
    fx = makeFixture();
    tls = makeCert(fx.base);
  });
  after(() => fx.cleanup());

  for (const http2On of [false, true]) {
    it(`answers (HTTP/2 ${http2On ? 'on' : 'off'}): a navigation is redirected to https:// on the same port, anything else gets 400 naming HTTPS; TLS is untouched`, async () => {
      const server = new FerroxServer({
        root: fx.root,
        port: 0,
        tls,
        http2: http2On,
        headersTimeoutMs: 1000,
        requestTimeoutMs: 2000,
      });
      try {
        const { port } = await server.start();
        const curl = await request(port, '/hello.txt?x=1');
        assert.equal(curl.status, 400);
        assert.match(
          curl.text,
          new RegExp(`This port speaks HTTPS: ask for https://127\\.0\\.0\\.1:${port}/hello\\.txt\\?x=1`),
        );
        assert.equal(curl.headers.connection, 'close');
        const navigation = await request(port, '/a/b.html', {
          headers: { 'Sec-Fetch-Mode': 'navigate', Host: `localhost:${port}` },
        });
        assert.equal(navigation.status, 301);
        assert.equal(navigation.headers.location, `https://localhost:${port}/a/b.html`);
        const foreign = await request(port, '/', {
          headers: { 'Upgrade-Insecure-Requests': '1', Host: 'evil.example' },
        });
        assert.equal(foreign.status, 403, 'the Host check still applies: no redirect aimed at another site');
        assert.equal(await h2Get(port, fs.readFileSync(tls.cert)).catch(() => 0), http2On ? 200 : 0, 'HTTP/2 when on');
        // A connection that sends nothing is closed after the headers timeout, not held.
        const closed = await new Promise<boolean>((resolve) => {
          const socket = net.connect(port, '127.0.0.1');
          socket.on('close', () => resolve(true));
          socket.on('error', () => undefined);
          setTimeout(() => resolve(false), 5000).unref();
        });
        assert.ok(closed, 'a silent connection is closed');
      } finally {
        await server.stop();
      }
    });
  }
});
