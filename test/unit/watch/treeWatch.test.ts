import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TreeWatch, type FileChange } from '../../../src/core';
import { TreePoller, eventlessFileSystem, treeIgnore, type TreeWatchSettings } from '../../../src/core/watch';
import { inotifyWatches } from '../../shared/inotify';

/** Collects what a feed reports; `until` resolves once a reported path passes `test`. */
function collect(feed: TreeWatch) {
  const seen: string[] = [];
  const waiters: { test: (p: string) => boolean; resolve: () => void }[] = [];
  feed.onChange((c: FileChange) => {
    seen.push(c.path);
    for (const w of [...waiters])
      if (w.test(c.path)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
  });
  return {
    seen,
    until: (test: (p: string) => boolean, ms = 5000) =>
      new Promise<void>((resolve, reject) => {
        if (seen.some(test)) return resolve();
        const timer = setTimeout(
          () => reject(new Error(`not reported within ${ms} ms; saw ${seen.slice(-5).join(', ')}`)),
          ms,
        );
        waiters.push({
          test,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      }),
  };
}

function fakeWatcher(
  subscribe: (
    dir: string,
    cb: (err: Error | null, events: { path: string; type: string }[]) => void,
  ) => Promise<{ unsubscribe(): Promise<void> }>,
) {
  return () => ({ subscribe }) as unknown as ReturnType<NonNullable<TreeWatchSettings['loadNative']>>;
}

const enospc = () => new Error("inotify_add_watch on '/x/node_modules/a' failed: No space left on device");

describe('tree watch', function () {
  this.timeout(20_000);
  let dir: string;
  let feed: TreeWatch | undefined;

  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-tree-')));
    fs.mkdirSync(path.join(dir, 'src', 'parts'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'src', 'index.html'), '<p>0');
  });
  afterEach(async () => {
    await feed?.close();
    feed = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('never walks or watches node_modules, hidden folders or ignored globs, and hears the rest natively', async () => {
    for (let i = 0; i < 300; i++) fs.mkdirSync(path.join(dir, 'node_modules', `p${i}`, 'lib'), { recursive: true });
    for (let i = 0; i < 50; i++) fs.mkdirSync(path.join(dir, '.git', 'objects', `o${i}`), { recursive: true });
    for (let i = 0; i < 50; i++) fs.mkdirSync(path.join(dir, 'dist', `d${i}`), { recursive: true });
    const before = inotifyWatches();
    feed = new TreeWatch(dir, { ignore: ['dist'] });
    const events = collect(feed);
    assert.equal(await feed.start(), 'native');
    const held = inotifyWatches() - before;
    // root, src, src/parts: the 700 ignored folders are not watched.
    assert.ok(held >= 3 && held <= 5, `watches held: ${held}`);
    fs.writeFileSync(path.join(dir, 'node_modules', 'p1', 'lib', 'x.js'), '1');
    fs.writeFileSync(path.join(dir, 'dist', 'd1', 'x.js'), '1');
    fs.writeFileSync(path.join(dir, 'src', 'parts', 'a.js'), '1');
    await events.until((p) => p.endsWith('a.js'));
    assert.deepEqual(
      events.seen.filter((p) => /node_modules|dist/.test(p)),
      [],
      'nothing from ignored folders',
    );
    await feed.close();
    assert.equal(inotifyWatches(), before, 'closing lets go of every watch');
  });

  it('polls where the file system delivers no events, saying why once; asks only Linux', async () => {
    const notices: string[] = [];
    const ninep = { platform: 'linux' as const, statfs: async () => ({ type: 0x01021997 }) };
    feed = new TreeWatch(dir, { facts: ninep, pollIntervalMs: 50, onNotice: (_l, m) => notices.push(m) });
    const events = collect(feed);
    assert.equal(await feed.start(), 'poll');
    assert.equal(notices.length, 1);
    assert.match(notices[0], /9p \(WSL 2's drvfs/);
    assert.match(notices[0], /polling for changes every 50 ms/);
    assert.equal(feed.hold(path.join(dir, 'src')), false, 'a deaf file system: no folder is vouched for');
    fs.writeFileSync(path.join(dir, 'src', 'index.html'), '<p>1');
    await events.until((p) => p === path.join(dir, 'src', 'index.html'));

    assert.equal(
      await eventlessFileSystem(dir, { platform: 'darwin', statfs: () => assert.fail('statfs asked on macOS') }),
      undefined,
    );
    assert.equal(
      await eventlessFileSystem(dir, { platform: 'linux', statfs: async () => ({ type: 0xef53 }) }),
      undefined,
      'ext4 has events',
    );
    assert.equal(
      await eventlessFileSystem(dir, { platform: 'linux', statfs: async () => ({ type: 0xff534d42 | 0 }) }),
      'CIFS',
      'a negative f_type is read unsigned',
    );
    const asked: string[] = [];
    const always = new TreeWatch(dir, { poll: 'always', pollIntervalMs: 70, onNotice: (_l, m) => asked.push(m) });
    try {
      assert.equal(await always.start(), 'poll');
      assert.deepEqual(asked.length, 1);
      assert.match(
        asked[0],
        /^Polling .+ as asked: for changes every 70 ms/,
        'an explicit --poll says that it polls, and how often',
      );
    } finally {
      await always.close();
    }
    const never = new TreeWatch(dir, { facts: ninep, poll: 'never' });
    try {
      assert.equal(await never.start(), 'native', '--no-poll relies on events even there');
    } finally {
      await never.close();
    }
  });

  it('falls back to fs.watch where the native watcher cannot load', async () => {
    const notices: string[] = [];
    feed = new TreeWatch(dir, { loadNative: () => undefined, onNotice: (_l, m) => notices.push(m) });
    const events = collect(feed);
    assert.equal(await feed.start(), 'fs.watch');
    assert.match(notices.join('\n'), /native file watcher could not load/);
    fs.mkdirSync(path.join(dir, 'node_modules', 'p'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules', 'p', 'x.js'), '1');
    fs.writeFileSync(path.join(dir, 'src', 'index.html'), '<p>1');
    await events.until((p) => p.endsWith('index.html'));
    assert.deepEqual(
      events.seen.filter((p) => p.includes('node_modules')),
      [],
      'ignored paths are dropped',
    );
  });

  it('out of watches at start: says so once with the fix, and polls, still hearing changes', async () => {
    const notices: { level: string; message: string }[] = [];
    feed = new TreeWatch(dir, {
      loadNative: fakeWatcher(async () => {
        throw enospc();
      }),
      pollIntervalMs: 50,
      onNotice: (level, message) => notices.push({ level, message }),
    });
    const events = collect(feed);
    assert.equal(await feed.start(), 'poll');
    assert.equal(notices.length, 1);
    assert.equal(notices[0].level, 'warning');
    assert.match(
      notices[0].message,
      /limit of file watches is reached.*polls for changes instead, still serving.*fs\.inotify\.max_user_watches=524288/,
    );
    fs.writeFileSync(path.join(dir, 'src', 'index.html'), '<p>1');
    await events.until((p) => p.endsWith('index.html'));
  });

  it('out of watches while running (a new folder): turns to polling once, reporting the whole tree as changed', async () => {
    let report: ((err: Error | null, events: { path: string; type: string }[]) => void) | undefined;
    const notices: string[] = [];
    feed = new TreeWatch(dir, {
      loadNative: fakeWatcher(async (_d, cb) => {
        report = cb;
        return { unsubscribe: async () => undefined };
      }),
      pollIntervalMs: 50,
      onNotice: (_l, m) => notices.push(m),
    });
    const events = collect(feed);
    assert.equal(await feed.start(), 'native');
    report!(null, [{ path: path.join(dir, 'src', 'index.html'), type: 'update' }]);
    assert.deepEqual(events.seen, [path.join(dir, 'src', 'index.html')]);
    report!(enospc(), []);
    report!(enospc(), []);
    await events.until((p) => p === dir);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(feed.kind, 'poll');
    assert.equal(notices.filter((m) => /max_user_watches/.test(m)).length, 1, 'said once');
    fs.writeFileSync(path.join(dir, 'src', 'late.html'), 'late');
    await events.until((p) => p.endsWith('late.html'));
  });

  it('keeps polling within a tenth of the time, however big the tree', async function () {
    this.timeout(60_000); // a loaded machine walks slowly, and pauses nine times as long
    for (let f = 0; f < 30; f++) {
      fs.mkdirSync(path.join(dir, 'src', `f${f}`));
      for (let i = 0; i < 100; i++) fs.writeFileSync(path.join(dir, 'src', `f${f}`, `${i}.js`), '');
    }
    const changed: string[][] = [];
    const poller = await TreePoller.start(dir, treeIgnore().test, 1, {
      changed: (p) => changed.push([...p]),
      failed: assert.fail,
    });
    try {
      assert.ok(poller.last.entries > 3000, `walked ${poller.last.entries}`);
      assert.ok(
        poller.last.pauseMs >= 9 * poller.last.walkMs - 1,
        `paused ${poller.last.pauseMs} ms after a ${poller.last.walkMs.toFixed(1)} ms walk`,
      );
      fs.writeFileSync(path.join(dir, 'src', 'f3', '7.js'), 'changed');
      // Two rounds of walk and pause at the pace measured, and never less than 5 s.
      const waitMs = Math.max(5000, 2 * (poller.last.walkMs + poller.last.pauseMs));
      for (const started = Date.now(); Date.now() - started < waitMs && changed.length === 0;)
        await new Promise((r) => setTimeout(r, 25));
      assert.deepEqual(changed, [[path.join(dir, 'src', 'f3', '7.js')]]);
    } finally {
      await poller.close();
    }
  });

  it('reports by its first poll a file changed while its first walk ran (modified since the feed was made)', async () => {
    const hourAgo = new Date(Date.now() - 3600_000);
    fs.writeFileSync(path.join(dir, 'src', 'old.js'), 'old');
    fs.utimesSync(path.join(dir, 'src', 'old.js'), hourAgo, hourAgo);
    fs.utimesSync(path.join(dir, 'src', 'index.html'), hourAgo, hourAgo);
    const madeAt = Date.now();
    fs.writeFileSync(path.join(dir, 'src', 'during.js'), 'written as the walk began');
    const changed: string[][] = [];
    const poller = await TreePoller.start(
      dir,
      treeIgnore().test,
      20,
      { changed: (p) => changed.push([...p]), failed: assert.fail },
      madeAt - 2000,
    );
    try {
      for (let i = 0; i < 200 && changed.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(changed, [[path.join(dir, 'src', 'during.js')]], 'the file from before stays quiet');
    } finally {
      await poller.close();
    }
  });
});
