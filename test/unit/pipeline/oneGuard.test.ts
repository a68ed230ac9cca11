import * as assert from 'node:assert/strict';
import { FerroxServer, newAccessToken } from '../../../src/core';
import { freePort } from '../../shared/net';
import { makeCert } from '../../shared/testCerts';
import { makeFixture, rawExchange, request, type Fixture } from '../helpers';

/** A refused request: its target, headers, and the status every listener must answer it with. */
interface Refused {
  name: string;
  target: string;
  headers: (token: string, port: number) => string[];
  status: number;
  gated?: boolean;
}

const REFUSED: Refused[] = [
  {
    name: 'a foreign Host (DNS rebinding)',
    target: '%s',
    headers: (t) => ['Host: evil.example', `Authorization: Bearer ${t}`],
    status: 403,
  },
  {
    name: 'an absolute-form target naming another host',
    target: 'http://evil.example%s',
    headers: (t, p) => [`Host: 127.0.0.1:${p}`, `Authorization: Bearer ${t}`],
    status: 400,
  },
  {
    name: 'no token while shared',
    target: '%s',
    headers: (_t, p) => [`Host: 127.0.0.1:${p}`],
    status: 401,
    gated: true,
  },
  {
    name: 'a wrong token in the query',
    target: '%s?token=wrong',
    headers: (_t, p) => [`Host: 127.0.0.1:${p}`],
    status: 401,
    gated: true,
  },
  {
    name: 'a token left in the URL of an authorised request',
    target: '%s?token=%t',
    headers: (t, p) => [`Host: 127.0.0.1:${p}`, `Cookie: ferrox-token-${p}=${t}`],
    status: 303,
    gated: true,
  },
];

async function send(port: number, target: string, headers: string[]): Promise<number> {
  const { text } = await rawExchange(
    port,
    `GET ${target} HTTP/1.1\r\n${headers.join('\r\n')}\r\nConnection: close\r\n\r\n`,
    500,
  );
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
}

describe('one guard for every listener: the pipeline, the hot path and the redirect listener refuse alike', function () {
  this.timeout(20_000);
  let fx: Fixture;
  before(() => {
    fx = makeFixture();
  });
  after(() => fx.cleanup());

  it('every refused request is refused on a path the pipeline answers and on the two the hot path would (a cached file, a remembered 404)', async () => {
    const token = newAccessToken();
    const server = new FerroxServer({ root: fx.root, port: 0, accessToken: token, host: '127.0.0.1' });
    const { port } = await server.start();
    try {
      const auth = { Authorization: `Bearer ${token}` };
      // Warm the hot path: a file the cache holds and a target remembered as missing.
      for (let i = 0; i < 3; i++) {
        assert.equal((await request(port, '/hello.txt', { headers: auth })).status, 200);
        assert.equal((await request(port, '/missing.txt', { headers: auth })).status, 404);
      }
      for (const r of REFUSED) {
        for (const target of ['/sub/page.html', '/hello.txt', '/missing.txt']) {
          const status = await send(port, r.target.replace('%s', target).replace('%t', token), r.headers(token, port));
          assert.equal(status, r.status, `${r.name}, ${target}`);
        }
      }
      assert.equal(
        (await request(port, '/hello.txt', { headers: auth })).status,
        200,
        'and the allowed request still passes',
      );
    } finally {
      await server.stop();
    }
  });

  it('the redirect listener refuses the same, but for the share token, which the HTTPS side asks for', async () => {
    const redirectPort = await freePort();
    const token = newAccessToken();
    const server = new FerroxServer({
      root: fx.root,
      port: 0,
      tls: makeCert(fx.base),
      redirectPort,
      accessToken: token,
      host: '127.0.0.1',
    });
    await server.start();
    try {
      for (const r of REFUSED) {
        const status = await send(
          redirectPort,
          r.target.replace('%s', '/hello.txt').replace('%t', token),
          r.headers(token, redirectPort),
        );
        assert.equal(status, r.gated ? 301 : r.status, r.name);
      }
    } finally {
      await server.stop();
    }
  });
});
