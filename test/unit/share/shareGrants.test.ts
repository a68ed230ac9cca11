import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { newAccessToken, shareOptions, type ServerOptions } from '../../../src/core';
import type { ServerEvents } from '../../../src/core/live/protocol';
import { GRANT_TTL_MS, ShareGrants } from '../../../src/core/share';
import { openEvents, type EventStream } from '../../shared/events';
import { HOPS, lanAddress } from '../../shared/net';
import { makeFixture, request, startServer, type Fixture, type Running } from '../helpers';

describe('pages open when sharing begins keep the server (share grants)', () => {
  let fx: Fixture;
  let srv: Running;
  let events: EventStream | undefined;
  const token = newAccessToken();

  beforeEach(() => {
    fx = makeFixture();
  });
  afterEach(async () => {
    events?.close();
    await srv?.server.stop();
    fx.cleanup();
  });

  /** Serves with live reload, connects a page's stream, shares, and returns the grant the page was handed. */
  async function shareWithPageOpen(o: Partial<ServerOptions> = {}): Promise<ServerEvents['grant']> {
    const base: ServerOptions = { root: fx.root, port: 0, liveReload: true, ...o };
    srv = await startServer(base);
    events = await openEvents(srv.port);
    const hello = await events.next();
    assert.equal(hello.event, 'hello');
    const address = await srv.server.reconfigure(shareOptions(base, token));
    assert.equal(address?.port, srv.port, 'the port is kept');
    const grant = await events.next();
    assert.equal(grant.event, 'grant');
    assert.deepEqual(Object.keys(grant.data as object).sort(), [
      'code',
      'ttlMs',
    ] satisfies (keyof ServerEvents['grant'])[]);
    return grant.data as ServerEvents['grant'];
  }

  it('hands each open page a grant before asking for the token; posted back from this machine it buys the share cookie', async () => {
    const { code, ttlMs } = await shareWithPageOpen();
    assert.match(code, /^[A-Za-z0-9_-]{32}$/);
    assert.equal(ttlMs, GRANT_TTL_MS);
    assert.equal((await request(srv.port, '/hello.txt')).status, 401, 'shared: the token is asked for');
    const redeemed = await request(srv.port, '/__ferrox/grant', {
      method: 'POST',
      headers: { 'X-Ferrox-Grant': code },
    });
    assert.equal(redeemed.status, 204);
    const cookie = `ferrox-token-${srv.port}=${token}`;
    assert.deepEqual(redeemed.headers['set-cookie'], [`${cookie}; Path=/; HttpOnly; SameSite=Lax`]);
    assert.equal((await request(srv.port, '/hello.txt', { headers: { Cookie: cookie } })).status, 200);
    // Every page open then redeems the same code, until it expires.
    assert.equal(
      (await request(srv.port, '/__ferrox/grant', { method: 'POST', headers: { 'X-Ferrox-Grant': code } })).status,
      204,
    );
  });

  it('refuses anything else: a wrong code, a GET, another path, no code', async () => {
    const { code } = await shareWithPageOpen();
    const attempts: [string, { method?: string; headers?: Record<string, string> }][] = [
      ['/__ferrox/grant', { method: 'POST', headers: { 'X-Ferrox-Grant': code.slice(1) } }],
      ['/__ferrox/grant', { headers: { 'X-Ferrox-Grant': code } }],
      ['/hello.txt', { method: 'POST', headers: { 'X-Ferrox-Grant': code } }],
      ['/__ferrox/grant?x=1', { method: 'POST', headers: { 'X-Ferrox-Grant': code } }],
      ['/__ferrox/grant', { method: 'POST' }],
    ];
    for (const [target, options] of attempts) {
      const reply = await request(srv.port, target, options);
      assert.equal(reply.status, 401, `${options.method ?? 'GET'} ${target} ${JSON.stringify(options.headers)}`);
      assert.equal(reply.headers['set-cookie'], undefined);
    }
  });

  it('is no good from another machine', async function () {
    const lan = lanAddress();
    if (!lan) this.skip();
    const { code } = await shareWithPageOpen({ host: '0.0.0.0' });
    const status = await new Promise<number>((resolve, reject) => {
      http
        .request(
          {
            host: lan,
            port: srv.port,
            path: '/__ferrox/grant',
            method: 'POST',
            headers: { 'X-Ferrox-Grant': code },
            localAddress: lan,
            agent: false,
          },
          (res) => {
            res.resume();
            resolve(res.statusCode!);
          },
        )
        .on('error', reject)
        .end();
    });
    assert.equal(status, 401);
  });

  it('is no good through a hop (a reverse proxy, ssh -R, a forwarded port): its socket is loopback whoever sent it', async () => {
    const { code } = await shareWithPageOpen();
    for (const hop of HOPS) {
      const reply = await request(srv.port, '/__ferrox/grant', {
        method: 'POST',
        headers: { 'X-Ferrox-Grant': code, ...hop },
      });
      assert.equal(reply.status, 401, JSON.stringify(hop));
    }
    events?.close();
    await srv.server.stop();
    const { code: named } = await shareWithPageOpen({ allowedHosts: ['codeserver.example'] });
    const viaName = await request(srv.port, '/__ferrox/grant', {
      method: 'POST',
      headers: { 'X-Ferrox-Grant': named, Host: 'codeserver.example' },
    });
    assert.equal(viaName.status, 401, 'a public name passed on by a forwarded port is not this machine');
    events?.close();
    await srv.server.stop();
    const { code: behind } = await shareWithPageOpen({ trustProxy: true });
    const reply = await request(srv.port, '/__ferrox/grant', { method: 'POST', headers: { 'X-Ferrox-Grant': behind } });
    assert.equal(reply.status, 401, "with --trust-proxy no request is known to be this machine's");
  });

  it('expires, and stands only for the token it was issued for', () => {
    let now = 1_000;
    const grants = new ShareGrants(() => now);
    const code = grants.issue('token-one');
    assert.equal(grants.admits(code, 'token-one'), true);
    assert.equal(grants.admits(code, 'token-two'), false);
    now += GRANT_TTL_MS - 1;
    assert.equal(grants.admits(code, 'token-one'), true);
    now += 1;
    assert.equal(grants.admits(code, 'token-one'), false);
  });
});
