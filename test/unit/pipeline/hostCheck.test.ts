import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { HostPolicy } from '../../../src/core/http/hosts';
import { servedFixture, rawExchange, request, statusLines } from '../helpers';
import { PROTOCOLS } from '../protocols';

for (const protocol of PROTOCOLS)
  describe(`host check (DNS rebinding) over ${protocol.name}`, () => {
    const { srv } = servedFixture(() => ({
      ...protocol.options(),
      allowedHosts: ['dev.example.test', '*.preview.test'],
    }));
    const request = protocol.request;

    const withHost = (host: string) => request(srv.port, '/hello.txt', { headers: { Host: host } });

    it('accepts localhost, *.localhost, IP literals and the bound host', async () => {
      for (const host of [
        'localhost',
        'localhost:8080',
        'LOCALHOST.',
        'app.localhost:1234',
        '127.0.0.1',
        `127.0.0.1:${srv.port}`,
        '[::1]:80',
        '10.1.2.3',
      ]) {
        assert.equal((await withHost(host)).status, 200, host);
      }
    });

    it('refuses any other Host with 403 and a short explanation', async () => {
      for (const host of ['evil.com', 'localhost.evil.com', 'evil.com:80', 'notlocalhost', '127.0.0.1.nip.io']) {
        const r = await withHost(host);
        assert.equal(r.status, 403, host);
        assert.match(r.text, /DNS-rebinding/);
        assert.match(r.text, /allowedHosts/);
      }
    });

    if (protocol.http1)
      it('escapes the refused host name in the page', async () => {
        const r = await rawExchange(
          srv.port,
          'GET /hello.txt HTTP/1.1\r\nHost: <svg>onload\r\nConnection: close\r\n\r\n',
        );
        assert.ok(!r.text.includes('<svg>'));
      });

    it('widens the list with allowedHosts, including *.suffix patterns', async () => {
      assert.equal((await withHost('dev.example.test')).status, 200);
      assert.equal((await withHost('a.preview.test:99')).status, 200);
      assert.equal((await withHost('preview.test')).status, 403, '*.x matches subdomains only');
      assert.equal((await withHost('other.example.test')).status, 403);
    });

    it('rejects malformed Host values', () => {
      const policy = new HostPolicy('127.0.0.1', []);
      for (const host of ['', ':80', '[::1', '[::1]x', 'a:b:c'])
        assert.equal(policy.allows(host), false, JSON.stringify(host));
    });

    it('accepts a bound host name but not for wildcard binds', () => {
      assert.equal(new HostPolicy('devbox.lan', []).allows('devbox.lan:8080'), true);
      assert.equal(new HostPolicy('0.0.0.0', []).allows('0.0.0.0'), true, 'still an IP literal');
      assert.equal(new HostPolicy('0.0.0.0', []).allows('somebox'), false);
    });

    if (protocol.http1)
      it('answers HTTP/1.0 requests that carry no Host', async () => {
        const r = await rawExchange(srv.port, 'GET /hello.txt HTTP/1.0\r\n\r\n');
        assert.match(statusLines(r.text)[0], / 200 /);
      });
  });

describe('CORS, SPA and extra headers', () => {
  const { fx, srv } = servedFixture({ cors: true, spa: true, headers: { 'Cache-Control': 'max-age=60' } });

  it('adds CORS headers and answers preflight requests', async () => {
    const r = await request(srv.port, '/hello.txt', { headers: { Origin: 'http://other.test' } });
    assert.equal(r.headers['access-control-allow-origin'], '*');
    const pre = await request(srv.port, '/hello.txt', {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://other.test',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'range',
      },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers['access-control-allow-methods'], 'GET, HEAD');
    assert.equal(pre.headers['access-control-allow-headers'], 'range');
  });

  it('serves /index.html for unknown extension-less paths in SPA mode', async () => {
    fs.writeFileSync(`${fx.root}/index.html`, '<!doctype html>spa shell');
    const r = await request(srv.port, '/app/route/42');
    assert.equal(r.status, 200);
    assert.equal(r.text, '<!doctype html>spa shell');
    assert.equal((await request(srv.port, '/missing.js')).status, 404, 'paths with an extension still 404');
    assert.equal((await request(srv.port, '/.env')).status, 404, 'hidden files are not papered over');
  });

  it('lets user headers override defaults such as Cache-Control', async () => {
    assert.equal((await request(srv.port, '/hello.txt')).headers['cache-control'], 'max-age=60');
    assert.equal((await request(srv.port, '/nope')).headers['cache-control'], 'max-age=60');
  });
});
