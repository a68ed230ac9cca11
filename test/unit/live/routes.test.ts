import * as assert from 'node:assert/strict';
import { LIVE_ROUTES } from '../../../src/core/live';
import { makeFixture, request, startServer, type Fixture } from '../helpers';

describe('live reload: the routes under /__ferrox/, one table', () => {
  let fx: Fixture;
  beforeEach(() => (fx = makeFixture()));
  afterEach(() => fx.cleanup());

  it('answers each route only with its methods (405 and Allow otherwise), and 404 for a path the protocol does not name', async () => {
    const srv = await startServer({ root: fx.root, liveReload: true, instanceId: 'i1' });
    try {
      const allow: Record<string, string> = {
        client: 'GET, HEAD',
        events: 'GET, HEAD',
        console: 'POST',
        reveal: 'POST',
        locate: 'POST',
        sync: 'POST',
        grant: 'POST',
        snapshot: 'POST',
        mcp: 'POST',
      };
      for (const [name, route] of Object.entries(LIVE_ROUTES)) {
        if (name === 'prefix') continue;
        assert.ok(allow[name], `the test knows the route ${name}`);
        const wrong = allow[name] === 'POST' ? 'GET' : 'POST';
        const r = await request(srv.port, route, { method: wrong });
        assert.equal(r.status, 405, `${wrong} ${route}`);
        assert.equal(r.headers.allow, allow[name], route);
      }
      assert.equal((await request(srv.port, '/__ferrox/nothing')).status, 404);
      assert.equal((await request(srv.port, LIVE_ROUTES.client)).status, 200);
      // Not shared: a grant is not taken (409), so the page keeps its code and posts it again later.
      const grant = await request(srv.port, LIVE_ROUTES.grant, { method: 'POST', headers: { 'X-Ferrox-Grant': 'x' } });
      assert.equal(grant.status, 409);
      // A snapshot is taken only with the code the one page asked was sent; MCP only with --mcp.
      const json = { method: 'POST', headers: { 'Content-Type': 'application/json' } };
      const instance = 'i1';
      const unasked = await request(srv.port, LIVE_ROUTES.snapshot, {
        ...json,
        body: JSON.stringify({ instance, request: 'x' }),
      });
      assert.equal(unasked.status, 404);
      const foreign = await request(srv.port, LIVE_ROUTES.snapshot, {
        ...json,
        body: JSON.stringify({ instance: 'other', request: 'x' }),
      });
      assert.equal(foreign.status, 403);
      const mcp = await request(srv.port, LIVE_ROUTES.mcp, { ...json, body: '{}' });
      assert.equal(mcp.status, 404);
      assert.match(mcp.body.toString(), /start ferrox with --mcp/);
    } finally {
      await srv.server.stop();
    }
  });
});
