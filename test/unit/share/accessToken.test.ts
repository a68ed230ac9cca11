import * as assert from 'node:assert/strict';
import { newAccessToken, type AccessLogEntry } from '../../../src/core';
import { redactToken } from '../../../src/core/share';
import { rawExchange, request, servedFixture } from '../helpers';

describe('access token (sharing)', () => {
  const token = newAccessToken();
  const { srv } = servedFixture({ accessToken: token, liveReload: true });

  it('makes 32-byte base64url tokens, new each time', () => {
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(newAccessToken(), token);
  });

  it('refuses a request without the token, or with a wrong one, with 401 and a page that says what to do', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { Authorization: 'Bearer nope' },
      { Cookie: `ferrox-token-${srv.port}=nope` },
      { Authorization: `Basic ${token}` },
    ];
    for (const headers of attempts) {
      const r = await request(srv.port, '/hello.txt', { headers });
      assert.equal(r.status, 401, JSON.stringify(headers));
      assert.match(r.text, /link that carries its access token/);
      assert.equal(r.headers['www-authenticate'], 'Bearer realm="ferrox"');
    }
    assert.equal((await request(srv.port, '/hello.txt?token=wrong')).status, 401);
    assert.equal((await request(srv.port, '/__ferrox/live.js')).status, 401, 'live reload too');
    const post = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' };
    assert.equal((await request(srv.port, '/__ferrox/console', post)).status, 401, 'and its console and reveal routes');
    assert.equal((await request(srv.port, '/__ferrox/reveal', post)).status, 401);
    assert.equal((await request(srv.port, '/missing.txt')).status, 401, 'no hint whether a path exists');
  });

  it('answers a right ?token= with 303 to the same URL without it, and an HttpOnly SameSite=Lax cookie for the port', async () => {
    const r = await request(srv.port, `/sub/page.html?a=1&token=${token}&b=2`);
    assert.equal(r.status, 303);
    assert.equal(r.headers.location, '/sub/page.html?a=1&b=2');
    assert.deepEqual(r.headers['set-cookie'], [`ferrox-token-${srv.port}=${token}; Path=/; HttpOnly; SameSite=Lax`]);
    assert.equal((await request(srv.port, `/?token=${token}`)).headers.location, '/');
  });

  it('gives a link opened in a frame of another site (the preview panel) a partitioned cookie, since Lax is not kept there', async () => {
    const framed = (site: string) =>
      request(srv.port, `/?token=${token}`, { headers: { 'Sec-Fetch-Dest': 'iframe', 'Sec-Fetch-Site': site } });
    assert.deepEqual((await framed('cross-site')).headers['set-cookie'], [
      `ferrox-token-${srv.port}=${token}; Path=/; HttpOnly; SameSite=None; Secure; Partitioned`,
    ]);
    assert.deepEqual(
      (await framed('same-site')).headers['set-cookie'],
      [`ferrox-token-${srv.port}=${token}; Path=/; HttpOnly; SameSite=Lax`],
      'a same-site frame keeps Lax',
    );
    const tab = await request(srv.port, `/?token=${token}`, {
      headers: { 'Sec-Fetch-Dest': 'document', 'Sec-Fetch-Site': 'cross-site' },
    });
    assert.deepEqual(
      tab.headers['set-cookie'],
      [`ferrox-token-${srv.port}=${token}; Path=/; HttpOnly; SameSite=Lax`],
      'a link followed from another site to a tab keeps Lax',
    );
  });

  it('sends a navigation that carries the token, in any spelling, to its URL without it, authorised or not', async () => {
    const cookie = { Cookie: `ferrox-token-${srv.port}=${token}` };
    const authorised = await request(srv.port, '/hello.txt?a=1&token=stale&b=2', { headers: cookie });
    assert.equal(authorised.status, 303, 'an authorised page keeps no token in its address bar');
    assert.equal(authorised.headers.location, '/hello.txt?a=1&b=2');
    assert.equal(authorised.headers['set-cookie'], undefined, 'a wrong token sets nothing');
    assert.equal(authorised.headers['referrer-policy'], 'no-referrer');
    // The hot path knows this file by now; it must leave tokenised URLs to the gate.
    await request(srv.port, '/hello.txt', { headers: cookie });
    assert.equal((await request(srv.port, `/hello.txt?token=${token}`, { headers: cookie })).status, 303);
    for (const spelling of ['%74oken', 'tok%65n', '%74%6F%6B%65%6E']) {
      const r = await request(srv.port, `/page.html?${spelling}=${token}&x=1`);
      assert.equal(r.status, 303, spelling);
      assert.equal(r.headers.location, '/page.html?x=1', spelling);
      assert.deepEqual(
        r.headers['set-cookie'],
        [`ferrox-token-${srv.port}=${token}; Path=/; HttpOnly; SameSite=Lax`],
        spelling,
      );
    }
    assert.equal(
      (await request(srv.port, '/hello.txt?token=stale')).status,
      401,
      'a wrong token and nothing else is refused',
    );
  });

  it("builds the 303's Location from this origin's path alone: never another host, however the target is spelled", async () => {
    const cookie = `Cookie: ferrox-token-${srv.port}=${token}`;
    const cases: [string, string][] = [
      [`//evil.example/x?token=${token}`, '/evil.example/x'],
      [`///evil.example/?a=1&token=stale`, '/evil.example/?a=1'],
      [`/\\evil.example/x?token=${token}`, '/evil.example/x'],
      [`/\\/evil.example?token=${token}`, '/evil.example'],
      [`http://127.0.0.1:${srv.port}//evil.example/y?token=${token}`, '/evil.example/y'],
    ];
    for (const [target, location] of cases) {
      for (const headers of [cookie, '']) {
        const { text } = await rawExchange(
          srv.port,
          `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\n${headers ? headers + '\r\n' : ''}Connection: close\r\n\r\n`,
          500,
        );
        const status = /^HTTP\/1\.1 (\d+)/.exec(text)?.[1];
        if (status === '401') continue; // a wrong token alone: refused, nothing to redirect
        assert.equal(status, '303', `${target}: ${text.split('\r\n')[0]}`);
        assert.equal(/\r\nlocation: ([^\r]*)/i.exec(text)?.[1], location, target);
      }
    }
  });

  it('lets the cookie and a Bearer header through, to files and to live reload', async () => {
    const cookie = { Cookie: `other=1; ferrox-token-${srv.port}=${token}` };
    assert.equal((await request(srv.port, '/hello.txt', { headers: cookie })).text, 'hello world\n');
    assert.equal(
      (await request(srv.port, '/hello.txt', { headers: cookie })).status,
      200,
      'the hot path checks it too',
    );
    assert.equal((await request(srv.port, '/__ferrox/live.js', { headers: cookie })).status, 200);
    assert.equal(
      (await request(srv.port, '/hello.txt', { headers: { Authorization: `Bearer ${token}` } })).status,
      200,
    );
    assert.equal((await request(srv.port, '/hello.txt')).status, 401, 'and the hot path still refuses without it');
  });

  it('never writes the token to the access log', async () => {
    const entries: AccessLogEntry[] = [];
    const onAccess = (e: AccessLogEntry) => entries.push(e);
    srv.server.on('access', onAccess);
    await request(srv.port, `/hello.txt?x=1&token=${token}`);
    await request(srv.port, `/hello.txt?token=wrong`);
    await request(srv.port, `/hello.txt?%74oken=${token}`, {
      headers: { Referer: `http://127.0.0.1/?a&token=${token}` },
    });
    await new Promise((r) => setTimeout(r, 50));
    srv.server.off('access', onAccess);
    assert.deepEqual(
      entries.map((e) => e.path),
      ['/hello.txt?x=1&token=REDACTED', '/hello.txt?token=REDACTED', '/hello.txt?%74oken=REDACTED'],
    );
    assert.equal(entries[2].referer, 'http://127.0.0.1/?a&token=REDACTED');
    assert.equal(redactToken('/a?token=x#f'), '/a?token=REDACTED#f');
    assert.equal(
      redactToken('/a?b=c%20d&tok%65n=x'),
      '/a?b=c%20d&tok%65n=REDACTED',
      'other parameters keep their bytes',
    );
  });

  it('refuses a malformed token option', async () => {
    const { resolveOptions } = await import('../../../src/core');
    assert.throws(() => resolveOptions({ root: '.', accessToken: 'short' }), /accessToken must be 16 to 256/);
  });
});
