import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { ManualChangeFeed } from '../../../src/core';
import { FileCache } from '../../../src/core/files/cache/fileCache';
import { servedFixture, request } from '../helpers';

describe('hot-file cache', () => {
  const { fx, srv } = servedFixture();

  const file = (name: string) => path.join(fx.root, name);

  it('sees an edited file at once, even with the same size and within the same second', async () => {
    fs.writeFileSync(file('edit.txt'), 'aaaa');
    assert.equal((await request(srv.port, '/edit.txt')).text, 'aaaa');
    assert.equal((await request(srv.port, '/edit.txt')).text, 'aaaa', 'served from the cache');
    fs.writeFileSync(file('edit.txt'), 'bbbb');
    assert.equal((await request(srv.port, '/edit.txt')).text, 'bbbb');
  });

  it('never serves a version older than the last write before the request (200 rounds)', async () => {
    for (let i = 0; i < 200; i++) {
      fs.writeFileSync(file('race.txt'), `version ${i}`);
      assert.equal((await request(srv.port, '/race.txt')).text, `version ${i}`);
    }
  });

  it('sees a deleted file at once', async () => {
    fs.writeFileSync(file('gone.txt'), 'here');
    assert.equal((await request(srv.port, '/gone.txt')).status, 200);
    fs.unlinkSync(file('gone.txt'));
    assert.equal((await request(srv.port, '/gone.txt')).status, 404);
  });

  it('sees a file replaced by rename (as editors save) at once', async () => {
    fs.writeFileSync(file('swap.txt'), 'old');
    assert.equal((await request(srv.port, '/swap.txt')).text, 'old');
    fs.writeFileSync(file('swap.tmp'), 'new');
    fs.renameSync(file('swap.tmp'), file('swap.txt'));
    assert.equal((await request(srv.port, '/swap.txt')).text, 'new');
  });

  it('sees a file replaced by a folder, and a folder index that appears', async () => {
    fs.writeFileSync(file('shape'), 'file');
    assert.equal((await request(srv.port, '/shape')).text, 'file');
    fs.unlinkSync(file('shape'));
    fs.mkdirSync(file('shape'));
    assert.equal((await request(srv.port, '/shape')).status, 301);
    assert.match((await request(srv.port, '/shape/')).text, /Index of/);
    fs.writeFileSync(file('shape/index.html'), 'index now');
    assert.equal((await request(srv.port, '/shape/')).text, 'index now');
  });

  it('shows a folder listing that changes at once when entries are added, changed or removed', async () => {
    fs.mkdirSync(file('listed'));
    fs.writeFileSync(file('listed/a.txt'), 'a');
    assert.match((await request(srv.port, '/listed/')).text, /a\.txt/);
    fs.writeFileSync(file('listed/b.txt'), 'b');
    assert.match((await request(srv.port, '/listed/')).text, /b\.txt/);
    fs.writeFileSync(file('listed/a.txt'), 'a'.repeat(5000));
    assert.match((await request(srv.port, '/listed/')).text, /4\.9 KB/);
    fs.unlinkSync(file('listed/a.txt'));
    assert.doesNotMatch((await request(srv.port, '/listed/')).text, /a\.txt/);
  });

  it('keeps compressed variants next to the original', async () => {
    const headers = { 'Accept-Encoding': 'br' };
    const first = await request(srv.port, '/big.txt', { headers });
    const second = await request(srv.port, '/big.txt', { headers });
    assert.deepEqual(second.body, first.body, 'the same kept bytes');
    assert.equal(second.headers['content-length'], String(second.body.length));
    assert.deepEqual(zlib.brotliDecompressSync(second.body), fs.readFileSync(file('big.txt')));
  });

  it('trusts an entry in a folder its feed vouches for, until the feed reports the path; re-checks any other', async () => {
    const cache = new FileCache({ maxFileBytes: 1024, maxTotalBytes: 1 << 20, revalidateMs: 60_000 });
    // A feed that vouches for every folder and reports only what the test fires.
    const feed = Object.assign(new ManualChangeFeed(), { hold: () => true, covers: () => true });
    cache.setFeed(feed);
    fs.writeFileSync(file('trusted.txt'), 'v1');
    const real = fs.realpathSync(file('trusted.txt'));
    assert.equal((await cache.get(real))?.body.toString(), 'v1');
    fs.writeFileSync(file('trusted.txt'), 'v2');
    assert.equal((await cache.get(real))?.body.toString(), 'v1', 'trusted for revalidateMs without a stat');
    feed.fire(real);
    assert.equal((await cache.get(real))?.body.toString(), 'v2');
    cache.setFeed(new ManualChangeFeed());
    assert.equal((await cache.get(real))?.body.toString(), 'v2');
    fs.writeFileSync(file('trusted.txt'), 'v3!');
    assert.equal(
      (await cache.get(real))?.body.toString(),
      'v3!',
      'a feed that vouches for nothing: every get re-checks',
    );
    cache.close();
  });

  it("invalidates through the server's change source", async () => {
    const source = new ManualChangeFeed();
    srv.server.setChangeSource(source);
    try {
      fs.writeFileSync(file('watched.txt'), 'one');
      assert.equal((await request(srv.port, '/watched.txt')).text, 'one');
      fs.writeFileSync(file('watched.txt'), 'two');
      source.fire(file('watched.txt'));
      assert.equal((await request(srv.port, '/watched.txt')).text, 'two');
    } finally {
      srv.server.setChangeSource(undefined);
    }
  });

  it('holds small files only, and evicts the least recently used past the total cap', async () => {
    const cache = new FileCache({ maxFileBytes: 100, maxTotalBytes: 250, revalidateMs: 0 });
    for (const n of ['a', 'b', 'c']) fs.writeFileSync(file(`lru-${n}.txt`), n.repeat(100));
    fs.writeFileSync(file('lru-big.txt'), 'x'.repeat(101));
    const real = (n: string) => fs.realpathSync(file(`lru-${n}.txt`));
    assert.equal(await cache.get(real('big')), undefined, 'too large to hold');
    await cache.get(real('a'));
    await cache.get(real('b'));
    await cache.get(real('a'));
    await cache.get(real('c'));
    assert.equal(cache.size, 2);
    assert.ok(cache.bytes <= 250);
    await cache.get(real('a'));
    assert.equal(cache.size, 2, 'a survived as recently used, b was evicted');
  });
});
