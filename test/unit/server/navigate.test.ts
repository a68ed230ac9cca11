import * as assert from 'node:assert/strict';
import { makeFixture, startServer, type Fixture } from '../helpers';

describe('taking pages to a path (the editor, Open in Browser, an agent)', () => {
  let fx: Fixture;
  beforeEach(() => (fx = makeFixture()));
  afterEach(() => fx.cleanup());

  it("sends pages only to their own origin's paths, whoever names the path", async () => {
    const srv = await startServer({ root: fx.root, liveReload: true });
    try {
      assert.equal(srv.server.navigate({ path: '/about.html' }), true);
      for (const path of ['//evil.example/', '/\\evil.example/', '/\t/evil.example', 'http://evil.example/', ''])
        assert.equal(srv.server.navigate({ path }), false, JSON.stringify(path));
    } finally {
      await srv.server.stop();
    }
  });
});
