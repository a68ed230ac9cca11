import * as assert from 'node:assert/strict';
import type { AccessLogEntry } from '../../../src/core';
import { makeFixture, request, startServer, type Fixture, type Running } from '../helpers';
import { startBackend, type Backend } from './backend';

describe('proxy rules while shared: the access token comes first, and stays here', function () {
  this.timeout(10_000);
  let backend: Backend;
  let fx: Fixture;
  let srv: Running;
  const token = 'k'.repeat(43);

  before(async () => {
    backend = await startBackend();
    fx = makeFixture();
    srv = await startServer({ root: fx.root, accessToken: token, proxy: { '/api': backend.origin } });
  });
  after(async () => {
    await srv?.server.stop();
    await backend?.close();
    fx?.cleanup();
  });

  it('refuses a request without the token before anything is forwarded', async () => {
    const seen = backend.seen.length;
    assert.equal(
      (await request(srv.port, '/api/echo', { method: 'POST', body: 'x', headers: { 'Content-Length': '1' } })).status,
      401,
    );
    assert.equal((await request(srv.port, '/api/echo')).status, 401);
    assert.equal(backend.seen.length, seen);
  });

  it('forwards with the token, without passing the token on', async () => {
    const bearer = JSON.parse(
      (await request(srv.port, '/api/echo', { headers: { Authorization: `Bearer ${token}` } })).text,
    );
    assert.equal(bearer.headers.authorization, undefined);
    const cookie = JSON.parse(
      (await request(srv.port, '/api/echo', { headers: { Cookie: `session=abc; ferrox-token-${srv.port}=${token}` } }))
        .text,
    );
    assert.equal(cookie.headers.cookie, 'session=abc', "the app's own cookies go through");
    const theirs = JSON.parse(
      (
        await request(srv.port, '/api/echo', {
          headers: { Cookie: `ferrox-token-${srv.port}=${token}`, Authorization: 'Basic dTpw' },
        })
      ).text,
    );
    assert.equal(theirs.headers.authorization, 'Basic dTpw', "an Authorization that is not the token is the app's");
    assert.equal(theirs.headers.cookie, undefined);
  });

  it('never lets the token reach the backend or the log, in the path, in any spelling, or in the Referer', async () => {
    const entries: AccessLogEntry[] = [];
    const onAccess = (e: AccessLogEntry) => entries.push(e);
    srv.server.on('access', onAccess);
    try {
      const auth = {
        Authorization: `Bearer ${token}`,
        Referer: `http://127.0.0.1:${srv.port}/page.html?a=1&%74oken=${token}`,
      };
      for (const spelling of ['token', '%74oken', 'tok%65n']) {
        const echo = JSON.parse(
          (
            await request(srv.port, `/api/echo?x=1&${spelling}=${token}&y=2`, {
              method: 'POST',
              body: '',
              headers: auth,
            })
          ).text,
        );
        assert.equal(echo.url, '/echo?x=1&y=2', spelling);
        assert.equal(echo.headers.referer, `http://127.0.0.1:${srv.port}/page.html?a=1`);
      }
      await new Promise((r) => setTimeout(r, 50));
      const logged = JSON.stringify(entries);
      assert.ok(!logged.includes(token), `no token in the access log: ${logged}`);
      assert.ok(entries.some((e) => e.upstream?.target.endsWith('/echo?x=1&y=2')));
    } finally {
      srv.server.off('access', onAccess);
    }
  });
});
