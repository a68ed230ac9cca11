import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { TreeWatch } from '../../../src/core';
import { request, startServer, type Running } from '../helpers';
import { openEvents } from '../../shared/events';

/** node:fs itself, whose `watch` the core reads at each call (this file's `fs` has only getters). */
const nodeFs = createRequire(__filename)('node:fs') as typeof fs;

/**
 * Counts the watchers the core starts while `work` runs. The core reads `watch` from node:fs at each call, so
 * replacing it on the module itself (not on this file's import, which only has getters) sees them.
 */
async function countingWatches<T>(work: () => Promise<T>): Promise<{ result: T; watches: string[] }> {
  const original = nodeFs.watch;
  const watches: string[] = [];
  nodeFs.watch = ((target: fs.PathLike, ...rest: unknown[]) => {
    // Node's recursive watch on Linux watches each entry itself: those calls are its, not ours.
    if (!/node:internal\/fs\/recursive_watch/.test(new Error().stack ?? '')) watches.push(String(target));
    return (original as (...a: unknown[]) => fs.FSWatcher)(target, ...rest);
  }) as typeof fs.watch;
  try {
    return { result: await work(), watches };
  } finally {
    nodeFs.watch = original;
  }
}

describe('one change feed', function () {
  this.timeout(10_000);
  let dir: string;
  let srv: Running | undefined;
  let feed: TreeWatch | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-feed-'));
    fs.mkdirSync(path.join(dir, 'docs'));
    fs.writeFileSync(path.join(dir, 'docs', 'note.txt'), 'first');
    fs.writeFileSync(path.join(dir, 'docs', 'page.html'), '<!doctype html><title>p</title><p>first</p>');
  });
  afterEach(async () => {
    feed?.dispose();
    await srv?.server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a write is seen by one feed, and the file cache, the listing cache and live reload all learn of it', async () => {
    const { result: stream, watches } = await countingWatches(async () => {
      // As the CLI runs with --live: the tree watch is the server's one feed.
      feed = new TreeWatch(dir);
      srv = await startServer({ root: dir, liveReload: true, liveReloadDebounceMs: 10 });
      srv.server.setChangeSource(feed);
      assert.equal(await feed.start(), 'native', 'the native watcher loaded');
      // Fill both caches and open a page's event stream.
      assert.equal((await request(srv.port, '/docs/note.txt')).text, 'first');
      assert.equal((await request(srv.port, '/docs/note.txt')).text, 'first', 'the second answer comes from the cache');
      assert.match((await request(srv.port, '/docs/')).text, /note\.txt/);
      const events = await openEvents(srv.port);
      assert.equal((await events.next()).event, 'hello');
      return events;
    });
    // The tree is heard natively; the one folder the caches hold has a folder watch that vouches for it.
    assert.deepEqual(
      watches,
      [fs.realpathSync(path.join(dir, 'docs'))],
      'nothing but the feed watches: one folder watch for what the caches hold',
    );
    try {
      fs.writeFileSync(path.join(dir, 'docs', 'note.txt'), 'second, and longer');
      // The burst's early batch morphs the listing of /docs/ (served with the tag) to the new
      // size; the settled one names the file, which pages that use it reload for.
      type Batch = { css: string[]; other: string[]; pages?: { path: string; html: string }[] };
      const batches: Batch[] = [];
      while (!batches.some((b) => b.other.length > 0)) {
        const change = await stream.next();
        assert.equal(change.event, 'change');
        batches.push(change.data as Batch);
      }
      assert.deepEqual(
        batches.flatMap((b) => b.other),
        ['/docs/note.txt'],
        'live reload learnt of it',
      );
      const morphs = batches.flatMap((b) => b.pages ?? []);
      assert.deepEqual(
        morphs.map((p) => p.path),
        ['/docs/'],
      );
      assert.match(morphs[0].html, /18 B/);
      assert.equal(
        (await request(srv!.port, '/docs/note.txt')).text,
        'second, and longer',
        'the file cache dropped its copy',
      );
      assert.match(
        (await request(srv!.port, '/docs/')).text,
        /18 B/,
        'the listing cache dropped its page: the new size shows',
      );
    } finally {
      stream.close();
    }
  });

  it('without a feed from its host, a server watches only the folders its caches hold, one watch each', async () => {
    const { watches } = await countingWatches(async () => {
      srv = await startServer({ root: dir });
      await request(srv.port, '/docs/note.txt');
      await request(srv.port, '/docs/page.html');
      await request(srv.port, '/docs/');
    });
    const realDocs = fs.realpathSync(path.join(dir, 'docs'));
    assert.deepEqual(watches, [realDocs], 'one folder, watched once for two files and its listing');
    fs.writeFileSync(path.join(dir, 'docs', 'note.txt'), 'changed');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal((await request(srv!.port, '/docs/note.txt')).text, 'changed');
  });
});
