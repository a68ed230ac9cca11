import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OptionsError, resolveOptions, TreeWatch, type RevealEvent } from '../../../src/core';
import type { BrowserMessage } from '../../../src/core/report';
import { SiteTree } from '../../../src/core/files';
import { openEvents } from '../../shared/events';
import { request, startServer, type Running } from '../helpers';

describe('mount: other folders served under a prefix', function () {
  this.timeout(15_000);
  let base: string;
  let root: string;
  let shared: string;
  let srv: Running | undefined;

  beforeEach(() => {
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-mount-')));
    root = path.join(base, 'site');
    shared = path.join(base, 'shared');
    fs.mkdirSync(path.join(root, 'vendor'), { recursive: true });
    fs.mkdirSync(path.join(shared, 'lib'), { recursive: true });
    fs.writeFileSync(path.join(root, 'home.html'), '<p>home</p>');
    fs.writeFileSync(path.join(root, 'vendor', 'hidden-by-mount.txt'), 'root copy');
    fs.writeFileSync(path.join(shared, 'lib', 'app.css'), 'body { color: red }');
    fs.writeFileSync(path.join(shared, 'page.html'), '<!doctype html><title>p</title><p>shared page</p>');
    fs.writeFileSync(path.join(base, 'secret.txt'), 'outside both');
    fs.writeFileSync(path.join(shared, '.env'), 'TOKEN=1');
    fs.symlinkSync(path.join(base, 'secret.txt'), path.join(shared, 'link-out.txt'));
  });
  afterEach(async () => {
    await srv?.server.stop();
    srv = undefined;
    fs.rmSync(base, { recursive: true, force: true });
  });

  it("serves a mounted folder under its prefix, hiding the root's folder of that name, with caching validators", async () => {
    srv = await startServer({ root, mount: { '/vendor': shared, '/deep/er': path.join(shared, 'lib') } });
    const css = await request(srv.port, '/vendor/lib/app.css');
    assert.equal(css.status, 200);
    assert.equal(css.text, 'body { color: red }');
    assert.match(String(css.headers['content-type']), /^text\/css/);
    const again = await request(srv.port, '/vendor/lib/app.css', {
      headers: { 'If-None-Match': String(css.headers.etag) },
    });
    assert.equal(again.status, 304);
    fs.writeFileSync(path.join(shared, 'lib', 'app.css'), 'body { color: blue }');
    assert.equal(
      (await request(srv.port, '/vendor/lib/app.css')).text,
      'body { color: blue }',
      'a change is served at once',
    );
    assert.equal((await request(srv.port, '/deep/er/app.css')).status, 200, 'a deeper prefix');
    assert.equal(
      (await request(srv.port, '/vendor/hidden-by-mount.txt')).status,
      404,
      'the mount hides the root folder of its name',
    );
    assert.equal((await request(srv.port, '/home.html')).text, '<p>home</p>', 'the root is served as before');
    assert.equal((await request(srv.port, '/vendor')).headers.location, '/vendor/');
  });

  it('contains every path in the mounted folder: dot segments, encoded ones, links out and hidden names', async () => {
    srv = await startServer({ root, mount: { '/vendor': shared } });
    for (const target of [
      '/vendor/../secret.txt',
      '/vendor/%2e%2e/secret.txt',
      '/vendor/..%2fsecret.txt',
      '/vendor/%2e%2e%2f%2e%2e/secret.txt',
    ]) {
      const r = await request(srv.port, target);
      assert.ok([400, 403, 404].includes(r.status), `${target}: ${r.status}`);
      assert.doesNotMatch(r.text, /outside both/);
    }
    assert.equal(
      (await request(srv.port, '/vendor/link-out.txt')).status,
      403,
      'a link that leaves the mounted folder',
    );
    assert.equal((await request(srv.port, '/vendor/.env')).status, 404);
    assert.equal((await request(srv.port, '/vendor/%00')).status, 400);
  });

  it("lists a mounted folder, shows mount points in their parent's listing, and links 404 help under the prefix", async () => {
    srv = await startServer({ root, mount: { '/vendor': shared, '/docs': path.join(shared, 'lib') } });
    const top = await request(srv.port, '/');
    assert.match(top.text, /href="\/docs\/"/);
    assert.match(top.text, /href="\/vendor\/"/);
    const listing = await request(srv.port, '/vendor/');
    assert.match(listing.text, /href="\/vendor\/lib\/"/);
    assert.match(listing.text, /href="\/vendor\/page\.html"/);
    assert.doesNotMatch(listing.text, /link-out|\.env/, 'what cannot be served is not listed');
    const json = JSON.parse(
      (await request(srv.port, '/vendor/lib/', { headers: { Accept: 'application/json' } })).text,
    ) as { name: string }[];
    assert.deepEqual(
      json.map((e) => e.name),
      ['app.css'],
    );
    const missing = await request(srv.port, '/vendor/lib/app.cs');
    assert.equal(missing.status, 404);
    assert.match(missing.text, /href="\/vendor\/lib\/app\.css"/, 'the suggestion is under the prefix');
  });

  it('clean URLs work under a prefix', async () => {
    srv = await startServer({ root, cleanUrls: true, mount: { '/vendor': shared } });
    assert.equal((await request(srv.port, '/vendor/page')).text, '<!doctype html><title>p</title><p>shared page</p>');
    assert.equal((await request(srv.port, '/vendor/page.html')).headers.location, '/vendor/page');
  });

  it('live reload: a page served from a mount names its URL, and a change in the mounted folder reaches pages as that URL', async () => {
    const watch = new TreeWatch(root);
    srv = await startServer({ root, liveReload: true, liveReloadDebounceMs: 20, mount: { '/vendor': shared } });
    srv.server.setChangeSource(watch);
    await watch.start();
    try {
      assert.match((await request(srv.port, '/vendor/page.html')).text, /data-file="\/vendor\/page\.html"/);
      const events = await openEvents(srv.port);
      try {
        assert.equal((await events.next()).event, 'hello');
        fs.writeFileSync(path.join(shared, 'lib', 'app.css'), 'body { color: green }');
        const change = await events.next();
        assert.equal(change.event, 'change');
        assert.match(JSON.stringify(change.data), /"\/vendor\/lib\/app\.css"/);
      } finally {
        events.close();
      }
    } finally {
      watch.dispose();
    }
  });

  it('an Alt+click and a console message from a mounted page lead to the mounted file; a link out of the mount leads nowhere', async () => {
    srv = await startServer({ root, liveReload: true, browserConsole: 'all', mount: { '/vendor': shared } });
    const reveals: RevealEvent[] = [];
    const messages: BrowserMessage[] = [];
    srv.server.setRevealHandler((e) => reveals.push(e));
    srv.server.on('browserConsole', (m) => messages.push(m));
    const page = (await request(srv.port, '/vendor/page.html')).text;
    const instance = /data-instance="([^"]+)"/.exec(page)![1];
    const json = { 'Content-Type': 'application/json' };
    const element = [
      [1, 'body'],
      [0, 'p'],
    ];
    for (const target of ['/vendor/link-out.txt', '/vendor/page.html']) {
      assert.equal(
        (
          await request(srv.port, '/__ferrox/reveal', {
            method: 'POST',
            headers: json,
            body: JSON.stringify({ instance, page: target, element }),
          })
        ).status,
        204,
      );
    }
    await request(srv.port, '/__ferrox/console', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        instance,
        client: 'c',
        page: '/vendor/page.html',
        entries: [
          {
            level: 'error',
            message: 'boom',
            source: `http://127.0.0.1:${srv.port}/vendor/lib/app.css`,
            line: 1,
            column: 1,
          },
        ],
      }),
    });
    for (let i = 0; i < 100 && (reveals.length < 1 || messages.length < 1); i++)
      await new Promise((r) => setTimeout(r, 10));
    // Reveals are handed on in order: the link out came first and reached nobody.
    assert.deepEqual(reveals, [{ file: path.join(shared, 'page.html'), element }]);
    assert.equal(messages[0].file, path.join(shared, 'lib', 'app.css'));
  });

  it('a folder inside the root that is also mounted: a page at each of its URLs names its own, and both are morphed', async () => {
    fs.mkdirSync(path.join(root, 'build'));
    fs.writeFileSync(path.join(root, 'build', 'doc.html'), '<!doctype html><title>d</title><p id="t">one</p>');
    const watch = new TreeWatch(root);
    srv = await startServer({
      root,
      liveReload: true,
      liveReloadDebounceMs: 20,
      mount: { '/docs': path.join(root, 'build') },
    });
    srv.server.setChangeSource(watch);
    await watch.start();
    try {
      assert.match((await request(srv.port, '/docs/doc.html')).text, /data-file="\/docs\/doc\.html"/);
      assert.match((await request(srv.port, '/build/doc.html')).text, /data-file="\/build\/doc\.html"/);
      const events = await openEvents(srv.port);
      try {
        assert.equal((await events.next()).event, 'hello');
        fs.writeFileSync(path.join(root, 'build', 'doc.html'), '<!doctype html><title>d</title><p id="t">two</p>');
        const morphed = new Set<string>();
        while (morphed.size < 2) {
          const change = await events.next();
          const data = change.data as { other: string[]; pages?: { path: string }[] };
          assert.deepEqual(data.other, [], 'nothing reloads');
          for (const p of data.pages ?? []) morphed.add(p.path);
        }
        assert.deepEqual([...morphed].sort(), ['/build/doc.html', '/docs/doc.html']);
      } finally {
        events.close();
      }
    } finally {
      watch.dispose();
    }
  });

  it('refuses bad mounts by name: the root as a prefix, a hidden prefix, a reserved one, a missing folder', async () => {
    const problems = (mount: unknown) => {
      try {
        resolveOptions({ root, mount: mount as Record<string, string> });
        return [];
      } catch (e) {
        assert.ok(e instanceof OptionsError);
        return e.problems;
      }
    };
    assert.match(problems({ '/': shared }).join('\n'), /the prefix "\/" is the root itself/);
    assert.match(problems({ '/.git': shared }).join('\n'), /names a hidden path/);
    assert.match(problems({ '/__ferrox/x': shared }).join('\n'), /reserved for live reload/);
    assert.match(problems({ vendor: shared }).join('\n'), /must start with "\/"/);
    assert.match(problems({ '/v': 7 }).join('\n'), /the folder for "\/v" must be a path/);
    assert.match(problems(['/v=x']).join('\n'), /mount must map path prefixes to folders/);
    await assert.rejects(
      startServer({ root, mount: { '/v': path.join(base, 'nope') } }),
      /mount: the folder .*nope \(for \/v\) does not exist/,
    );
  });

  it('maps files to URL paths both ways, the longest prefix first', () => {
    const tree = new SiteTree('/srv/site', '/srv/site', [
      { segments: ['a'], dir: '/srv/one', realDir: '/srv/one' },
      { segments: ['a', 'b'], dir: '/srv/two', realDir: '/srv/two' },
      { segments: ['inner'], dir: '/srv/site/build', realDir: '/srv/site/build' },
    ]);
    assert.deepEqual(tree.place(['a', 'b', 'c.txt']), {
      realRoot: '/srv/two',
      rest: ['c.txt'],
      mount: tree.mounted[0],
    });
    assert.deepEqual(tree.place(['a', 'x']).rest, ['x']);
    assert.deepEqual(tree.place(['ab']), { realRoot: '/srv/site', rest: ['ab'] });
    assert.deepEqual(tree.urlPathsOf('/srv/two/c d.txt'), ['/a/b/c%20d.txt']);
    // A mounted folder inside the root has two URLs; a root path a mount hides has none.
    assert.deepEqual(tree.urlPathsOf('/srv/site/build/x.html'), ['/inner/x.html', '/build/x.html']);
    assert.deepEqual(tree.urlPathsOf('/srv/site/a/hidden.txt'), []);
  });
});
