import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ManualChangeFeed } from '../../../src/core';
import { ChangeBatcher, type ChangeBatch } from '../../../src/core/live/changes/changeBatcher';
import { SiteTree } from '../../../src/core/files';
import { sseEvent } from '../../../src/core/live/liveHub';
import { makeFixture, request, startServer, type Fixture } from '../helpers';
import { openEvents } from '../../shared/events';

describe('live reload: batching', () => {
  const settings = {
    tree: new SiteTree('/site', '/site'),
    debounceMs: 30,
    ignore: ['dist/**', 'tmp'],
    cssInPlace: true,
  };
  const collect = () => {
    const batches: ChangeBatch[] = [];
    const batcher = new ChangeBatcher(settings, (b) => batches.push(b));
    return { batches, batcher };
  };

  it('coalesces a burst into one batch, split into stylesheets and the rest', async () => {
    const { batches, batcher } = collect();
    for (let i = 0; i < 10; i++) {
      batcher.add(i % 2 ? `/site/css/s${i}.css` : `/site/page${i}.html`);
      await new Promise((r) => setTimeout(r, 4));
    }
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(batches.length, 1);
    assert.deepEqual(batches[0].css, ['/css/s1.css', '/css/s3.css', '/css/s5.css', '/css/s7.css', '/css/s9.css']);
    assert.equal(batches[0].other.length, 5);
    batcher.dispose();
  });

  it('treats CSS as "other" when in-place swapping is off', () => {
    const batches: ChangeBatch[] = [];
    const b = new ChangeBatcher({ ...settings, cssInPlace: false }, (x) => batches.push(x));
    b.add('/site/a.css');
    b.flush();
    assert.deepEqual(
      batches,
      [{ css: [], other: ['/a.css'], folders: ['/'] }],
      'a stylesheet is never what a backend renders from',
    );
  });

  it('drops ignored, hidden and outside paths, and encodes names as URLs', () => {
    const { batches, batcher } = collect();
    for (const p of [
      '/site/node_modules/x/i.js',
      '/site/.git/HEAD',
      '/site/dist/app.js',
      '/site/a/tmp/x.txt',
      '/site/.env',
      '/elsewhere/a.html',
      '/site-2/a.html',
    ])
      batcher.add(p);
    batcher.flush();
    assert.deepEqual(batches, []);
    batcher.add('/site/snow ☃.html');
    batcher.flush();
    assert.deepEqual(batches, [{ css: [], other: ['/snow%20%E2%98%83.html'], folders: ['/'], rendered: true }]);
  });

  it('frames server-sent events with JSON data on one line', () => {
    assert.equal(
      sseEvent('change', { css: ['/a\nb.css'], other: [] }, 3),
      'id: 3\nevent: change\ndata: {"css":["/a\\nb.css"],"other":[]}\n\n',
    );
  });
});

describe('live reload: server', () => {
  let fx: Fixture;
  before(() => {
    fx = makeFixture();
    fs.writeFileSync(
      path.join(fx.root, 'page.html'),
      '<!doctype html><title>p</title><link rel="stylesheet" href="style.css"><p>page',
    );
  });
  after(() => fx.cleanup());

  it('injects the client into HTML only, with an exact Content-Length and its own ETag', async () => {
    const { server, port } = await startServer({ root: fx.root, liveReload: true });
    try {
      const page = await request(port, '/page.html');
      assert.match(
        page.text,
        /<script data-ferrox-early>[^<]*<\/script><script src="\.\/__ferrox\/live\.js" data-instance="[0-9a-f-]{36}" data-file="\/page\.html" data-version="[A-Za-z0-9_-]{16}" data-console="errors" data-overlay="on" async><\/script><title>/,
      );
      assert.match(
        (await request(port, '/sub/')).text,
        /<script src="\.\.\/__ferrox\/live\.js" [^>]*data-file="\/sub\/index\.html"/,
        'relative to the page',
      );
      assert.equal(Number(page.headers['content-length']), page.body.length);
      const plain = await request(port, '/page.html?ferrox-live=0');
      assert.doesNotMatch(plain.text, /__ferrox/);
      assert.notEqual(plain.headers.etag, page.headers.etag);
      assert.doesNotMatch(
        (await request(port, '/page.html', { headers: { 'X-Ferrox-Live': 'off' } })).text,
        /__ferrox/,
      );
      assert.doesNotMatch(
        (await request(port, '/page.html', { headers: { 'Sec-Fetch-Dest': 'empty' } })).text,
        /__ferrox/,
        'fetched by a script',
      );
      assert.match(
        (await request(port, '/page.html', { headers: { 'Sec-Fetch-Dest': 'iframe' } })).text,
        /__ferrox/,
        'framed',
      );
      assert.doesNotMatch((await request(port, '/hello.txt')).text, /__ferrox/, 'text files untouched');
      assert.equal((await request(port, '/style.css')).text, 'body { color: red; }\n', 'CSS untouched');
      const client = await request(port, '/__ferrox/live.js');
      assert.equal(client.status, 200);
      assert.match(String(client.headers['content-type']), /^text\/javascript/);
      assert.equal((await request(port, '/__ferrox/nope')).status, 404);
    } finally {
      await server.stop();
    }
  });

  it('sends hello with the instance id, then a burst as stylesheets at once and reloads when it settles', async () => {
    const { server, port } = await startServer({
      root: fx.root,
      liveReload: true,
      liveReloadDebounceMs: 20,
      htmlInPlace: false,
    });
    const source = new ManualChangeFeed();
    server.setChangeSource(source);
    const stream = await openEvents(port);
    try {
      const hello = await stream.next();
      assert.equal(hello.event, 'hello');
      const page = await request(port, '/page.html');
      assert.ok(page.text.includes(`data-instance="${(hello.data as { instance: string }).instance}"`));
      for (let i = 0; i < 10; i++) source.fire(path.join(fx.root, i < 5 ? 'style.css' : 'page.html'));
      assert.deepEqual(
        await stream.next(),
        { event: 'change', data: { css: ['/style.css'], other: [] } },
        'the first change goes out at once',
      );
      assert.deepEqual(
        await stream.next(),
        { event: 'change', data: { css: [], other: ['/page.html'] } },
        'reloads wait for the burst to end',
      );
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(stream.events.length, 0, 'no third event for the same burst');
      assert.equal(server.liveReloadClients, 1);
    } finally {
      stream.close();
      await server.stop();
    }
  });

  it('ends event streams on stop() at once, and a restart has a new instance id', async () => {
    const { server, port } = await startServer({ root: fx.root, liveReload: true, shutdownTimeoutMs: 10_000 });
    const first = await openEvents(port);
    const firstId = ((await first.next()).data as { instance: string }).instance;
    const started = Date.now();
    await server.stop();
    assert.ok(Date.now() - started < 1000, 'stop did not wait for the event stream');
    await server.start();
    const second = await openEvents(server.address!.port);
    const secondId = ((await second.next()).data as { instance: string }).instance;
    assert.notEqual(secondId, firstId);
    second.close();
    first.close();
    await server.stop();
  });

  it('names the injected tag in the ETag: a page from the last instance is never revalidated into a 304', async () => {
    const { server, port } = await startServer({ root: fx.root, liveReload: true });
    try {
      const first = await request(port, '/page.html');
      const etag = String(first.headers.etag);
      assert.match(etag, /^"[0-9a-f]+-[0-9a-f]+-fx[\w-]{11}"$/);
      assert.equal(first.headers['last-modified'], undefined, "the file's date does not date the page with its tag");
      assert.equal(
        (await request(port, '/page.html', { headers: { 'If-None-Match': etag } })).status,
        304,
        'same instance: 304',
      );
      const future = new Date(Date.now() + 3600_000).toUTCString();
      assert.equal(
        (await request(port, '/page.html', { headers: { 'If-Modified-Since': future } })).status,
        200,
        'a date alone never vouches',
      );
      await server.stop();
      await server.start();
      const again = await request(server.address!.port, '/page.html', { headers: { 'If-None-Match': etag } });
      assert.equal(again.status, 200, 'a new instance: the old copy is stale');
      assert.notEqual(again.headers.etag, etag);
      assert.notEqual(/data-instance="([^"]+)"/.exec(again.text)?.[1], /data-instance="([^"]+)"/.exec(first.text)?.[1]);
    } finally {
      await server.stop();
    }
  });

  it('never answers another origin on its own routes, whatever CORS says for the files', async () => {
    const { server, port } = await startServer({
      root: fx.root,
      liveReload: true,
      cors: true,
      headers: { 'Access-Control-Allow-Origin': 'https://app.test' },
    });
    try {
      assert.equal(
        (await request(port, '/hello.txt')).headers['access-control-allow-origin'],
        'https://app.test',
        'files: as configured',
      );
      const own = await request(port, '/__ferrox/live.js');
      assert.equal(own.status, 200);
      assert.equal(own.headers['access-control-allow-origin'], undefined);
      assert.equal(own.headers['x-content-type-options'], 'nosniff');
      const crossSite = { 'Sec-Fetch-Site': 'cross-site' };
      assert.equal((await request(port, '/__ferrox/events', { headers: crossSite })).status, 403);
      assert.equal(
        (await request(port, '/__ferrox/events', { headers: { 'Sec-Fetch-Site': 'same-site' } })).status,
        403,
      );
      const post = (headers: Record<string, string>) =>
        request(port, '/__ferrox/console', {
          method: 'POST',
          body: '{}',
          headers: { 'Content-Type': 'application/json', ...headers },
        });
      assert.equal((await post(crossSite)).status, 403);
      assert.equal(
        (await post({ Origin: 'http://evil.test' })).status,
        403,
        'an older browser: its Origin names another host',
      );
      assert.equal((await post({ Origin: 'null' })).status, 403, 'a sandboxed frame');
      assert.equal(
        (await post({ Origin: `http://127.0.0.1:${port}`, 'Sec-Fetch-Site': 'same-origin' })).status,
        400,
        'its own pages pass (then the body is checked)',
      );
      assert.equal(
        (
          await request(port, '/__ferrox/console', {
            method: 'OPTIONS',
            headers: { Origin: 'http://evil.test', ...crossSite },
          })
        ).status,
        403,
        'no preflight',
      );
    } finally {
      await server.stop();
    }
  });

  it('reads a changed page as a request would: a page that became a link out of the folder is never sent, its pages reload', async () => {
    const outside = fs.mkdtempSync(path.join(path.dirname(fx.root), 'ferrox-outside-'));
    fs.writeFileSync(path.join(outside, 'secret.html'), '<!doctype html><title>s</title><p>SECRET from outside');
    const linked = path.join(fx.root, 'linked.html');
    fs.writeFileSync(linked, '<!doctype html><title>l</title><p>inside');
    const { server, port } = await startServer({ root: fx.root, liveReload: true, liveReloadDebounceMs: 20 });
    const source = new ManualChangeFeed();
    server.setChangeSource(source);
    const stream = await openEvents(port);
    try {
      await stream.next(); // hello
      assert.equal((await request(port, '/linked.html')).status, 200, 'served, so its source is known');
      // A hostile branch checked out: the page is now a link to a file outside the folder.
      fs.rmSync(linked);
      fs.symlinkSync(path.join(outside, 'secret.html'), linked);
      source.fire(linked);
      const seen: unknown[] = [];
      for (;;) {
        const event = await stream.next();
        seen.push(event.data);
        const batch = event.data as { other?: string[]; pages?: { path: string }[] };
        if (batch.other?.includes('/linked.html') || batch.pages?.some((p) => p.path === '/linked.html')) break;
      }
      assert.doesNotMatch(JSON.stringify(seen), /SECRET/, "the target's bytes never went to the pages");
      assert.ok((seen.at(-1) as { other: string[] }).other.includes('/linked.html'), 'its pages reload');
      assert.equal((await request(port, '/linked.html')).status, 403, 'the reload is refused, as any request');
    } finally {
      stream.close();
      await server.stop();
      fs.rmSync(linked, { force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('serves no reserved paths when live reload is off', async () => {
    const { server, port } = await startServer({ root: fx.root });
    try {
      assert.equal((await request(port, '/__ferrox/events')).status, 404);
      assert.doesNotMatch((await request(port, '/page.html')).text, /__ferrox/);
    } finally {
      await server.stop();
    }
  });

  it('serves unsaved text from an overlay, with validators from its version', async () => {
    const { server, port } = await startServer({ root: fx.root });
    const real = fs.realpathSync(path.join(fx.root, 'hello.txt'));
    let doc = { content: Buffer.from('unsaved!'), version: 7, modifiedMs: Date.UTC(2026, 0, 1) };
    server.setContentOverlay({ get: (p) => (p === real ? doc : undefined) });
    try {
      const r = await request(port, '/hello.txt');
      assert.equal(r.text, 'unsaved!');
      assert.equal(r.headers.etag, '"v7-8"');
      assert.equal(r.headers['last-modified'], new Date(Date.UTC(2026, 0, 1)).toUTCString());
      assert.equal((await request(port, '/hello.txt', { headers: { 'If-None-Match': '"v7-8"' } })).status, 304);
      doc = { ...doc, content: Buffer.from('edited again'), version: 8 };
      assert.equal(
        (await request(port, '/hello.txt', { headers: { 'If-None-Match': '"v7-8"' } })).text,
        'edited again',
      );
      server.setContentOverlay(undefined);
      assert.equal((await request(port, '/hello.txt')).text, 'hello world\n', 'back to the disk');
    } finally {
      await server.stop();
    }
  });
});
