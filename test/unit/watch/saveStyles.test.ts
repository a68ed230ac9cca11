import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TreeWatch } from '../../../src/core';
import type { TreeWatchSettings } from '../../../src/core/watch';
import { request, startServer, type Running } from '../helpers';
import { openEvents, type EventStream } from '../../shared/events';

/** Every way the tree can be heard: the native watcher, Node's fs.watch where it cannot load, and polling. */
const SOURCES: Record<string, TreeWatchSettings> = {
  native: { poll: 'never' },
  'fs.watch': { poll: 'never', loadNative: () => undefined },
  poll: { poll: 'always', pollIntervalMs: 50 },
};

/** Takes events until a change names `urlPath` (a batch's paths, or a page it morphs). */
async function changeNaming(events: EventStream, urlPath: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = deadline - Date.now();
    const e = await Promise.race([events.next(), new Promise<undefined>((r) => setTimeout(r, Math.max(0, left)))]);
    if (!e) throw new Error(`no change named ${urlPath} within ${ms} ms`);
    const data = e.data as { css?: string[]; other?: string[]; pages?: { path: string }[] };
    const named = [...(data.css ?? []), ...(data.other ?? []), ...(data.pages ?? []).map((p) => p.path)];
    if (e.event === 'change' && named.includes(urlPath)) return;
  }
}

for (const [source, settings] of Object.entries(SOURCES)) {
  describe(`how editors save, heard by ${source}: live reload and the caches follow`, function () {
    this.timeout(15_000);
    let dir: string;
    let feed: TreeWatch;
    let srv: Running;
    let events: EventStream;
    const file = (...p: string[]) => path.join(dir, ...p);
    const text = async (urlPath: string) => (await request(srv.port, urlPath)).text;

    beforeEach(async () => {
      dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-saves-')));
      fs.mkdirSync(file('docs'));
      fs.writeFileSync(file('docs', 'note.txt'), 'first');
      feed = new TreeWatch(dir, settings);
      srv = await startServer({ root: dir, liveReload: true, liveReloadDebounceMs: 10 });
      srv.server.setChangeSource(feed);
      assert.equal(await feed.start(), source);
      // Fill the caches: the file twice (the second from memory) and its folder's listing.
      assert.equal(await text('/docs/note.txt'), 'first');
      assert.equal(await text('/docs/note.txt'), 'first');
      assert.match(await text('/docs/'), /note\.txt/);
      events = await openEvents(srv.port);
      assert.equal((await events.next()).event, 'hello');
    });
    afterEach(async () => {
      events.close();
      await feed.close();
      await srv.server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('writes in place', async () => {
      fs.writeFileSync(file('docs', 'note.txt'), 'second');
      await changeNaming(events, '/docs/note.txt');
      assert.equal(await text('/docs/note.txt'), 'second');
    });

    it('writes a new file and renames it over the old (Vim, JetBrains "safe write")', async () => {
      fs.writeFileSync(file('docs', 'note.txt___jb_tmp___'), 'second');
      fs.renameSync(file('docs', 'note.txt'), file('docs', 'note.txt___jb_old___'));
      fs.renameSync(file('docs', 'note.txt___jb_tmp___'), file('docs', 'note.txt'));
      fs.unlinkSync(file('docs', 'note.txt___jb_old___'));
      await changeNaming(events, '/docs/note.txt');
      assert.equal(await text('/docs/note.txt'), 'second');
      fs.writeFileSync(file('docs', 'note.txt.swp'), 'x');
      fs.renameSync(file('docs', 'note.txt.swp'), file('docs', 'note.txt'));
      await changeNaming(events, '/docs/note.txt');
      assert.equal(await text('/docs/note.txt'), 'x');
    });

    it('deletes the file and creates it again', async () => {
      fs.unlinkSync(file('docs', 'note.txt'));
      fs.writeFileSync(file('docs', 'note.txt'), 'again and longer');
      await changeNaming(events, '/docs/note.txt');
      assert.equal(await text('/docs/note.txt'), 'again and longer');
      assert.match(await text('/docs/'), /16 B/, 'the listing is read again: the new size shows');
    });

    it('renames the folder', async () => {
      fs.renameSync(file('docs'), file('pages'));
      await changeNaming(events, '/docs');
      assert.equal((await request(srv.port, '/docs/note.txt')).status, 404);
      assert.equal(await text('/pages/note.txt'), 'first');
      fs.writeFileSync(file('pages', 'note.txt'), 'moved and edited');
      await changeNaming(events, '/pages/note.txt');
      assert.equal(await text('/pages/note.txt'), 'moved and edited');
    });

    it('removes the folder and makes it again, and goes on hearing it', async () => {
      fs.rmSync(file('docs'), { recursive: true });
      fs.mkdirSync(file('docs'));
      fs.writeFileSync(file('docs', 'note.txt'), 'new folder');
      await changeNaming(events, '/docs/note.txt');
      assert.equal(await text('/docs/note.txt'), 'new folder');
      await new Promise((r) => setTimeout(r, 100));
      fs.writeFileSync(file('docs', 'note.txt'), 'edited in the new folder');
      await changeNaming(events, '/docs/note.txt');
      assert.equal(await text('/docs/note.txt'), 'edited in the new folder');
    });

    it('hears a folder reached through a symbolic link inside the root', async () => {
      fs.symlinkSync(file('docs'), file('alias'), 'dir');
      assert.equal(await text('/alias/note.txt'), 'first');
      fs.writeFileSync(file('docs', 'note.txt'), 'through the link');
      await changeNaming(events, '/docs/note.txt');
      assert.equal(await text('/alias/note.txt'), 'through the link');
    });
  });
}
