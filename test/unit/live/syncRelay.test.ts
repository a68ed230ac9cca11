import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { newAccessToken } from '../../../src/core';
import { ROUTES, type SyncPost } from '../../../src/core/live/protocol';
import { SYNC_RATE_PER_SECOND } from '../../../src/core/live/relays/syncRelay';
import { openEvents } from '../../shared/events';
import { request, startServer, type Running } from '../helpers';

const post = (srv: Running, body: SyncPost, headers: Record<string, string> = {}) =>
  request(srv.port, ROUTES.sync, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

async function instanceOf(srv: Running): Promise<string> {
  const stream = await openEvents(srv.port);
  try {
    return ((await stream.next()).data as { instance: string }).instance;
  } finally {
    stream.close();
  }
}

describe('synced browsing on the server', function () {
  this.timeout(10_000);
  let dir: string;
  const servers: Running[] = [];
  const start = async (o: object) => {
    const s = await startServer({ root: dir, liveReload: true, ...o });
    servers.push(s);
    return s;
  };
  const event = { kind: 'location', url: '/a.html' } as const;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-sync-'));
  });
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is off unless asked (404), and says so in hello', async () => {
    const off = await start({});
    const stream = await openEvents(off.port);
    try {
      assert.deepEqual((await stream.next()).data, { instance: await instanceOf(off), sync: false });
    } finally {
      stream.close();
    }
    assert.equal((await post(off, { instance: await instanceOf(off), from: 'a', event })).status, 404);
  });

  it('never crosses servers: an event posted to one reaches only its own pages', async () => {
    const a = await start({ sync: true });
    const b = await start({ sync: true });
    const onB = await openEvents(b.port);
    try {
      await onB.next(); // hello
      assert.equal((await post(a, { instance: await instanceOf(a), from: 'pa', event })).status, 204);
      assert.equal(
        (await post(b, { instance: await instanceOf(a), from: 'pa', event })).status,
        403,
        'a page of A cannot post to B',
      );
      assert.equal((await post(b, { instance: await instanceOf(b), from: 'pb', event })).status, 204);
      assert.deepEqual((await onB.next()).data, { from: 'pb', event }, "B's first sync event is its own page's");
    } finally {
      onB.close();
    }
  });

  it('needs the token while shared, like everything else', async () => {
    const token = newAccessToken();
    const shared = await start({ sync: true, accessToken: token });
    const auth = { Authorization: `Bearer ${token}` };
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>t</title>');
    const page = await request(shared.port, '/', { headers: auth });
    const instance = /data-instance="([^"]+)"/.exec(page.text)?.[1] ?? '';
    assert.ok(instance);
    assert.equal((await post(shared, { instance, from: 'p', event })).status, 401);
    assert.equal((await post(shared, { instance, from: 'p', event }, auth)).status, 204);
  });

  it(`relays at most ${SYNC_RATE_PER_SECOND} events a second from one client`, async () => {
    const srv = await start({ sync: true });
    const stream = await openEvents(srv.port);
    try {
      await stream.next();
      const instance = await instanceOf(srv);
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          post(srv, { instance, from: 'p', event: { kind: 'location', url: `/${i}` } }),
        ),
      );
      await new Promise((r) => setTimeout(r, 200));
      assert.ok(
        stream.events.length <= SYNC_RATE_PER_SECOND && stream.events.length >= SYNC_RATE_PER_SECOND / 2,
        `relayed ${stream.events.length}`,
      );
    } finally {
      stream.close();
    }
  });
});
