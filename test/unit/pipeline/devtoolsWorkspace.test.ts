import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { newAccessToken } from '../../../src/core';
import { HOPS, lanAddress } from '../../shared/net';
import { request, startServer, type Running } from '../helpers';

const PATH = '/.well-known/appspecific/com.chrome.devtools.json';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('Chrome DevTools workspace (/.well-known/appspecific/com.chrome.devtools.json)', () => {
  let dirs: string[];
  const servers: Running[] = [];
  const start = async (root: string, o: object = {}) => {
    const s = await startServer({ root, ...o });
    servers.push(s);
    return s;
  };

  beforeEach(() => {
    dirs = [0, 1].map(() => fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-devtools-'))));
  });
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.server.stop();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it("gives this machine the folder's real path and a UUID that stays the same for it", async () => {
    const first = await request((await start(dirs[0])).port, PATH);
    assert.equal(first.status, 200);
    assert.equal(first.headers['content-type'], 'application/json; charset=utf-8');
    const body = JSON.parse(first.text) as { workspace: { root: string; uuid: string } };
    assert.deepEqual(Object.keys(body.workspace).sort(), ['root', 'uuid']);
    assert.equal(body.workspace.root, dirs[0]);
    assert.match(body.workspace.uuid, UUID);
    const again = JSON.parse((await request((await start(dirs[0])).port, PATH)).text) as typeof body;
    assert.equal(again.workspace.uuid, body.workspace.uuid, 'stable across servers for one folder');
    const other = JSON.parse((await request((await start(dirs[1])).port, PATH)).text) as typeof body;
    assert.notEqual(other.workspace.uuid, body.workspace.uuid);
  });

  it("is 404 while shared, even with the token: a path on disk is not the network's business", async () => {
    const token = newAccessToken();
    const shared = await start(dirs[0], { accessToken: token });
    const reply = await request(shared.port, PATH, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(reply.status, 404);
    assert.doesNotMatch(reply.text, new RegExp(dirs[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  });

  it('is 404 through a hop, and under --trust-proxy: a forwarded port or a local proxy makes every client look local', async () => {
    const srv = await start(dirs[0]);
    for (const hop of HOPS) {
      const reply = await request(srv.port, PATH, { headers: hop });
      assert.equal(reply.status, 404, JSON.stringify(hop));
      assert.ok(!reply.text.includes(dirs[0]));
    }
    assert.equal((await request((await start(dirs[0], { trustProxy: true })).port, PATH)).status, 404);
    // code-server's /proxy/ and forwarded ports pass on the public name the client used, and no hop header.
    const named = await start(dirs[0], { allowedHosts: ['codeserver.example'] });
    assert.equal(
      (await request(named.port, PATH, { headers: { Host: 'codeserver.example:8080' } })).status,
      404,
      'a public name: not this machine',
    );
    assert.equal(
      (await request(named.port, PATH, { headers: { Host: `app.localhost:${named.port}` } })).status,
      200,
      'a loopback name is',
    );
  });

  it('with CORS on: no CORS headers, and 403 to a page of another origin', async () => {
    const srv = await start(dirs[0], { cors: true });
    const own = await request(srv.port, PATH);
    assert.equal(own.status, 200);
    assert.equal(own.headers['access-control-allow-origin'], undefined, 'never readable by another site');
    for (const other of [
      { 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'same-site' },
      { Origin: 'http://evil.test' },
    ] as Record<string, string>[]) {
      const reply = await request(srv.port, PATH, { headers: other });
      assert.equal(reply.status, 403, JSON.stringify(other));
      assert.ok(!reply.text.includes(dirs[0]));
      assert.equal(reply.headers['access-control-allow-origin'], undefined);
    }
  });

  it('is 404 to another machine', async function () {
    const lan = lanAddress();
    if (!lan) this.skip();
    const srv = await start(dirs[0], { host: '0.0.0.0' });
    const status = await new Promise<number>((resolve, reject) => {
      http
        .get({ host: lan, port: srv.port, path: PATH, localAddress: lan, agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        })
        .on('error', reject);
    });
    assert.equal(status, 404);
  });
});
