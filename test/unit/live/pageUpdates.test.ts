import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ManualChangeFeed, type OverlayDocument } from '../../../src/core';
import { ChangeBatcher, type ChangeBatch } from '../../../src/core/live/changes/changeBatcher';
import { SiteTree } from '../../../src/core/files';
import { PageUpdates } from '../../../src/core/live/changes/pageUpdates';
import { makeFixture, request, startServer, type Fixture } from '../helpers';
import { openEvents } from '../../shared/events';

const source = (text: string, unsaved = false) => ({ bytes: Buffer.from(text), unsaved });

describe('live reload: in-place page updates', () => {
  describe('the first change of a burst', () => {
    const settings = { tree: new SiteTree('/site', '/site'), debounceMs: 30, ignore: [], cssInPlace: true };

    it('goes out at once, and the settled batch holds only what came after (empty too)', async () => {
      const early: ChangeBatch[] = [];
      const settled: ChangeBatch[] = [];
      const batcher = new ChangeBatcher(
        settings,
        (b) => settled.push(b),
        (b) => early.push(b),
      );
      batcher.add('/site/a.css');
      batcher.add('/site/a.html');
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(
        early,
        [{ css: ['/a.css'], other: ['/a.html'], folders: ['/'], rendered: true }],
        'before any timer',
      );
      assert.deepEqual(settled, []);
      await new Promise((r) => setTimeout(r, 60));
      assert.deepEqual(settled, [{ css: [], other: [] }], 'the end of the burst is announced');
      batcher.add('/site/b.html');
      await new Promise((r) => setImmediate(r));
      batcher.add('/site/c.html');
      await new Promise((r) => setTimeout(r, 60));
      assert.deepEqual(early.slice(1), [{ css: [], other: ['/b.html'], folders: ['/'], rendered: true }]);
      assert.deepEqual(settled.slice(1), [{ css: [], other: ['/c.html'], folders: ['/'], rendered: true }]);
      batcher.dispose();
    });
  });

  describe('PageUpdates', () => {
    const page = (body: string, script = 'app.js') =>
      `<!doctype html><title>t</title><p>${body}</p><script src="${script}"></script>`;

    it('morphs from the version a browser was sent, then from the morphed one', async () => {
      let current = source(page('two'));
      const pages = new PageUpdates(async () => current);
      const v1 = pages.served('/a.html', source(page('one')));
      assert.equal(pages.served('/a.html', source(page('one'))), v1, 'the same bytes, the same version');
      const first = await pages.change('/a.html', false);
      assert.ok(first.kind === 'morph');
      assert.deepEqual(
        { ...first.morph, to: '' },
        { path: '/a.html', from: v1, to: '', html: page('two'), old: page('one') },
      );
      assert.notEqual(first.morph.to, v1);
      assert.deepEqual(await pages.change('/a.html', true), { kind: 'unchanged' }, 'the same bytes again');
      current = source(page('six'));
      const next = await pages.change('/a.html', true);
      assert.equal(
        next.kind === 'morph' && next.morph.from,
        first.morph.to,
        'a save of the same length is still a new version',
      );
    });

    it('leaves reloads for the end of a burst, and reloads when no version is known', async () => {
      const current = source(page('one', 'other.js'));
      const pages = new PageUpdates(async () => current);
      assert.deepEqual(await pages.change('/a.html', false), { kind: 'later' });
      assert.equal((await pages.change('/a.html', true)).kind, 'reload', 'never served: nothing to morph from');
      pages.served('/a.html', source(page('one')));
      assert.deepEqual(await pages.change('/a.html', false), { kind: 'later' }, 'a script changed: not early');
      assert.deepEqual(await pages.change('/a.html', true), { kind: 'reload', reason: 'a <script> changed' });
    });

    it('waits for the save before reloading for unsaved text, so half-typed code never runs', async () => {
      let current = source(page('one', 'half.j'), true);
      const pages = new PageUpdates(async () => current);
      pages.served('/a.html', source(page('one')));
      assert.deepEqual(await pages.change('/a.html', true), { kind: 'unchanged' });
      current = source(page('one', 'half.js'));
      assert.equal((await pages.change('/a.html', true)).kind, 'reload', 'saved');
    });

    it('does not morph to an empty page early in a burst, but does once it settles', async () => {
      const pages = new PageUpdates(async () => source(''));
      pages.served('/a.html', source('<p>x</p>'));
      assert.deepEqual(await pages.change('/a.html', false), { kind: 'later' });
      assert.equal((await pages.change('/a.html', true)).kind, 'morph');
    });

    it('forgets the least recently served pages past 16 MB, which then reload', async () => {
      const pages = new PageUpdates(async () => source('<p>new</p>'));
      const big = '<p>' + 'x'.repeat(1024 * 1024) + '</p>';
      for (let i = 0; i < 20; i++) pages.served(`/p${i}.html`, source(big + i));
      assert.equal((await pages.change('/p0.html', true)).kind, 'reload', 'forgotten');
      assert.equal((await pages.change('/p19.html', true)).kind, 'morph', 'kept');
    });

    it('reloads a page that is gone', async () => {
      const pages = new PageUpdates(async () => undefined);
      pages.served('/a.html', source('<p>x</p>'));
      assert.equal((await pages.change('/a.html', true)).kind, 'reload');
    });
  });

  describe('through the server', () => {
    let fx: Fixture;
    beforeEach(() => {
      fx = makeFixture();
      fs.writeFileSync(
        path.join(fx.root, 'page.html'),
        '<!doctype html><title>p</title><p id="x">one</p><script src="a.js"></script>',
      );
    });
    afterEach(() => fx.cleanup());

    it("sends the page's old and new source for a morph, and a reload when a script changed", async () => {
      const { server, port } = await startServer({ root: fx.root, liveReload: true, liveReloadDebounceMs: 20 });
      const changes = new ManualChangeFeed();
      server.setChangeSource(changes);
      const stream = await openEvents(port);
      try {
        await stream.next();
        const served = await request(port, '/page.html');
        const version = /data-version="([^"]*)"/.exec(served.text)![1];
        const file = path.join(fx.root, 'page.html');
        const old = fs.readFileSync(file, 'utf8');
        fs.writeFileSync(file, old.replace('one', 'two'));
        changes.fire(file);
        const morph = await stream.next();
        const pages = (morph.data as ChangeBatch).pages!;
        assert.equal(pages.length, 1);
        assert.equal(pages[0].path, '/page.html');
        assert.equal(pages[0].from, version);
        assert.equal(pages[0].old, old);
        assert.equal(pages[0].html, old.replace('one', 'two'));
        assert.deepEqual((morph.data as ChangeBatch).other, []);
        fs.writeFileSync(file, old.replace('a.js', 'b.js'));
        changes.fire(file);
        assert.deepEqual((await stream.next()).data, { css: [], other: ['/page.html'] }, 'after the burst settles');
        await new Promise((r) => setTimeout(r, 80));
        assert.equal(stream.events.length, 0, 'one reload, no loop');
      } finally {
        stream.close();
        await server.stop();
      }
    });

    it('morphs from unsaved editor text as it is announced', async () => {
      const { server, port } = await startServer({ root: fx.root, liveReload: true, liveReloadDebounceMs: 20 });
      const file = fs.realpathSync(path.join(fx.root, 'page.html'));
      let doc: OverlayDocument | undefined;
      server.setContentOverlay({ get: (p) => (p === file ? doc : undefined) });
      const stream = await openEvents(port);
      try {
        await stream.next();
        await request(port, '/page.html');
        doc = {
          content: Buffer.from(fs.readFileSync(file, 'utf8').replace('one', 'typed')),
          version: 7,
          modifiedMs: Date.now(),
        };
        server.notifyChange(file);
        const pages = ((await stream.next()).data as ChangeBatch).pages!;
        assert.match(pages[0].html, /typed/);
        assert.match(pages[0].to, /^[A-Za-z0-9_-]{16}$/);
        assert.notEqual(pages[0].to, pages[0].from);
      } finally {
        stream.close();
        await server.stop();
      }
    });

    it('reloads as before when htmlInPlace is off, and tags pages with no version', async () => {
      const { server, port } = await startServer({
        root: fx.root,
        liveReload: true,
        liveReloadDebounceMs: 20,
        htmlInPlace: false,
      });
      const changes = new ManualChangeFeed();
      server.setChangeSource(changes);
      const stream = await openEvents(port);
      try {
        await stream.next();
        assert.doesNotMatch((await request(port, '/page.html')).text, /data-version/);
        const file = path.join(fx.root, 'page.html');
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('one', 'two'));
        changes.fire(file);
        assert.deepEqual((await stream.next()).data, { css: [], other: ['/page.html'] });
      } finally {
        stream.close();
        await server.stop();
      }
    });
  });
});
