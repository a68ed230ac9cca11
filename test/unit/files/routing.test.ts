import * as assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { closestNames, editDistance } from '../../../src/core/files/send/notFound';
import { request, servedFixture } from '../helpers';

const entry = (name: string, isDirectory = false) => ({ name, isDirectory, size: 1, mtime: new Date(0) });

describe('the built-in 404 page', () => {
  const { fx, srv } = servedFixture();

  it('names the missing path, links the nearest folder that exists, and suggests close names there', async () => {
    const r = await request(srv.port, '/docs/inner/deeep.txt');
    assert.equal(r.status, 404);
    assert.match(r.text, /Nothing is served at <code>\/docs\/inner\/deeep\.txt<\/code>/);
    assert.match(r.text, /Did you mean:[^]*<a href="\/docs\/inner\/deep\.txt"><code>deep\.txt<\/code><\/a>/);
    assert.match(r.text, /nearest folder that exists is <a href="\/docs\/inner\/"><code>\/docs\/inner\/<\/code><\/a>/);
    const higher = await request(srv.port, '/dcos/readme.md');
    assert.match(higher.text, /<a href="\/docs\/"><code>docs\/<\/code><\/a>/, 'a typo in a folder name');
    assert.match(higher.text, /nearest folder that exists is <a href="\/">/);
    assert.doesNotMatch(
      (await request(srv.port, '/zzzzzzzz.txt')).text,
      /Did you mean/,
      'nothing close, nothing suggested',
    );
  });

  it('escapes everything it shows, and never suggests hidden names or names outside the root', async () => {
    const r = await request(srv.port, '/%3Cscript%3Ealert(1)%3C%2Fscript%3E.txt');
    assert.equal(r.status, 404);
    assert.doesNotMatch(r.text, /<script>/);
    assert.match(r.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;\.txt/);
    assert.equal(r.headers['content-security-policy'], "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    assert.doesNotMatch((await request(srv.port, '/.envv')).text, /\.env/, 'a hidden target is not looked at');
    assert.doesNotMatch((await request(srv.port, '/enx')).text, /\.env/);
    assert.doesNotMatch(
      (await request(srv.port, '/link-out.tx')).text,
      /link-out\.txt/,
      'a link out of the root is never offered',
    );
    assert.match((await request(srv.port, '/link-in.tx')).text, /link-in\.txt/);
    // The awkward name is suggested escaped and encoded.
    const awkward = await request(srv.port, '/a%20%3Cb%3E%20%26%20%22c%22%20%231%20%2541.tx');
    assert.match(
      awkward.text,
      /href="\/a%20%3Cb%3E%20&amp;%20%22c%22%20%231%20%2541\.txt"><code>a &lt;b&gt; &amp; &quot;c&quot; #1 %41\.txt<\/code>/,
    );
  });

  it('answers the same page again from the hot path, and a new file at once', async () => {
    const first = await request(srv.port, '/docs/readme.mdx');
    await new Promise((r) => setTimeout(r, 30));
    const again = await request(srv.port, '/docs/readme.mdx');
    assert.equal(again.text, first.text);
    fs.writeFileSync(path.join(fx.root, 'docs', 'readme.mdx'), 'now here');
    try {
      let now = await request(srv.port, '/docs/readme.mdx');
      for (let i = 0; i < 50 && now.status !== 200; i++) now = await request(srv.port, '/docs/readme.mdx');
      assert.equal(now.text, 'now here');
    } finally {
      fs.rmSync(path.join(fx.root, 'docs', 'readme.mdx'));
    }
  });

  it('suggests within a small edit distance, a swapped pair or another extension counting as close', () => {
    assert.equal(editDistance('index.hmtl', 'index.html', 3), 1);
    assert.equal(editDistance('kitten', 'sitting', 3), 3);
    assert.equal(editDistance('a', 'abcdefgh', 2), 3, 'gives up past the limit');
    const names = closestNames('abuot.html', [
      entry('about.html'),
      entry('about.htm'),
      entry('contact.html'),
      entry('abo'),
      entry('assets', true),
    ]).map((e) => e.name);
    assert.deepEqual(names, ['about.html', 'about.htm'], 'closest first');
    assert.deepEqual(
      closestNames('readme', [entry('README.md'), entry('other.md')]).map((e) => e.name),
      ['README.md'],
    );
    assert.equal(
      closestNames(
        'x',
        Array.from({ length: 10 }, (_, i) => entry(`${i}`)),
      ).length,
      3,
      'three at most',
    );
  });
});

describe('the built-in 404 page costs what a 200 does, whatever the target', () => {
  const { fx, srv } = servedFixture();

  /**
   * Counts the file-system calls (realpath, readdir, stat, lstat, promised or not) a request
   * makes; the core reads them from node:fs at each call.
   */
  async function lookups(target: string): Promise<{ status: number; calls: number }> {
    const nodeFs = createRequire(__filename)('node:fs') as Record<string, unknown> & {
      promises: Record<string, unknown>;
    };
    const patched: [Record<string, unknown>, string, unknown][] = [];
    let calls = 0;
    for (const owner of [nodeFs.promises, nodeFs]) {
      for (const name of ['realpath', 'readdir', 'stat', 'lstat']) {
        const original = owner[name] as (...a: unknown[]) => unknown;
        patched.push([owner, name, original]);
        owner[name] = (...a: unknown[]) => {
          calls++;
          return original(...a);
        };
      }
    }
    try {
      const r = await request(srv.port, target);
      return { status: r.status, calls };
    } finally {
      for (const [owner, name, original] of patched) owner[name] = original;
    }
  }

  it('walks down from the root, so a path of 7,000 segments costs a few lookups, not one per segment', async () => {
    const long = await lookups('/x'.repeat(7000));
    assert.equal(long.status, 404);
    assert.ok(long.calls <= 8, `${long.calls} lookups`);
    const deep = await lookups('/docs/inner/' + 'y/'.repeat(3000) + 'z');
    assert.equal(deep.status, 404);
    assert.ok(deep.calls <= 16, `${deep.calls} lookups`);
  });

  it('reads no folder of thousands of names for suggestions, and no name longer than any file system allows', async function () {
    this.timeout(30_000); // 2,500 files to write first
    const big = path.join(fx.root, 'big');
    fs.mkdirSync(big);
    for (let i = 0; i < 2500; i++) fs.writeFileSync(path.join(big, `file-${i}.txt`), '');
    const many = await lookups('/big/file-1.txtt');
    assert.equal(many.status, 404);
    assert.ok(many.calls <= 10, `${many.calls} lookups`);
    const long = await request(srv.port, `/docs/${'n'.repeat(300)}`);
    assert.equal(long.status, 404);
    assert.doesNotMatch(long.text, /Did you mean/);
  });
});

describe('listings off: no suggestions', () => {
  const { srv } = servedFixture({ directoryListing: false });
  it('still names the path and the nearest folder, but lists nothing from it', async () => {
    const r = await request(srv.port, '/docs/readme.mdd');
    assert.equal(r.status, 404);
    assert.doesNotMatch(r.text, /Did you mean/);
    assert.match(r.text, /nearest folder that exists is/);
  });
});

describe("the site's own 404 page", () => {
  const { fx, srv } = servedFixture({ liveReload: true });

  it('answers missing files with 404.html and status 404, live reload injected, whole and without validators', async () => {
    fs.writeFileSync(
      path.join(fx.root, '404.html'),
      '<!doctype html><html><head><title>Lost</title></head><body>Our own page</body></html>',
    );
    try {
      for (const target of ['/missing.txt', '/docs/gone/deeper.html']) {
        const r = await request(srv.port, target, { headers: { Range: 'bytes=0-3', 'If-None-Match': '*' } });
        assert.equal(r.status, 404, target);
        assert.match(r.text, /Our own page/);
        assert.match(r.text, /<script src="(\.\/|(\.\.\/)+)__ferrox\/live\.js"[^>]*data-file="\/404\.html"/);
        assert.equal(r.headers.etag, undefined);
        assert.equal(r.headers['content-range'], undefined);
      }
      assert.match(
        (await request(srv.port, '/docs/gone/deeper.html')).text,
        /src="\.\.\/\.\.\/__ferrox\/live\.js"/,
        'the tag is relative to the URL',
      );
      const head = await request(srv.port, '/missing.txt', { method: 'HEAD' });
      assert.equal(head.status, 404);
      assert.equal(head.body.length, 0);
    } finally {
      fs.rmSync(path.join(fx.root, '404.html'));
    }
    assert.match(
      (await request(srv.port, '/missing.txt')).text,
      /Nothing is served at/,
      'the built-in page once it is gone',
    );
  });

  it('is replaced by the built-in page with notFoundPage ""', async () => {
    fs.writeFileSync(path.join(fx.root, '404.html'), 'Our own page');
    try {
      await srv.server.reconfigure({ ...srv.server.options, notFoundPage: '' });
      assert.match((await request(srv.port, '/missing.txt')).text, /Nothing is served at/);
      await srv.server.reconfigure({ ...srv.server.options, notFoundPage: 'docs/readme.md' });
      assert.equal((await request(srv.port, '/missing.txt')).text, '# docs\n');
    } finally {
      fs.rmSync(path.join(fx.root, '404.html'));
      await srv.server.reconfigure({ ...srv.server.options, notFoundPage: '404.html' });
    }
  });

  it('is seen at once when created after a 404 was remembered', async () => {
    await request(srv.port, '/hello.txt'); // the root folder gets watched
    await request(srv.port, '/nope.txt');
    await new Promise((r) => setTimeout(r, 30));
    fs.writeFileSync(path.join(fx.root, '404.html'), 'Fresh 404');
    try {
      let r = await request(srv.port, '/nope.txt');
      for (let i = 0; i < 50 && !r.text.includes('Fresh 404'); i++) r = await request(srv.port, '/nope.txt');
      assert.match(r.text, /Fresh 404/);
      assert.equal(r.status, 404);
    } finally {
      fs.rmSync(path.join(fx.root, '404.html'));
    }
  });
});

describe('clean URLs', () => {
  const { fx, srv } = servedFixture({ cleanUrls: true });
  before(() => {
    fs.writeFileSync(path.join(fx.root, 'about.html'), '<!doctype html><title>about</title>About us');
    fs.writeFileSync(path.join(fx.root, 'docs.html'), 'docs page beside the docs/ folder');
  });

  it('serves /about from about.html, and redirects /about.html to /about with 301, keeping the query', async () => {
    const r = await request(srv.port, '/about');
    assert.equal(r.status, 200);
    assert.match(r.text, /About us/);
    assert.match(String(r.headers['content-type']), /^text\/html/);
    const moved = await request(srv.port, '/about.html?x=1&y=2');
    assert.equal(moved.status, 301);
    assert.equal(moved.headers.location, '/about?x=1&y=2');
    assert.equal((await request(srv.port, '/sub/index.html')).headers.location, '/sub/');
  });

  it('keeps containment, hidden names and real folders as they were', async () => {
    assert.equal((await request(srv.port, '/docs')).status, 301, 'a folder still wins over docs.html');
    assert.equal((await request(srv.port, '/docs.html')).status, 200, 'and keeps docs.html reachable by its own name');
    assert.equal((await request(srv.port, '/.env')).status, 404);
    fs.writeFileSync(path.join(fx.root, '.secret.html'), 'hidden');
    assert.equal((await request(srv.port, '/.secret')).status, 404);
    assert.equal((await request(srv.port, '/link-out')).status, 404);
    assert.equal((await request(srv.port, '/missing')).status, 404);
  });

  it('is off by default', async () => {
    await srv.server.reconfigure({ ...srv.server.options, cleanUrls: false });
    assert.equal((await request(srv.port, '/about')).status, 404);
    assert.equal((await request(srv.port, '/about.html')).status, 200);
  });
});

describe('JSON listings', () => {
  const { srv } = servedFixture();

  it('answers Accept: application/json with name, type, size and mtime, and no paths on disk', async () => {
    const r = await request(srv.port, '/docs/', { headers: { Accept: 'application/json' } });
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    assert.equal(r.headers.vary, 'Accept');
    const entries = JSON.parse(r.text);
    assert.deepEqual(
      entries.map((e: { name: string; type: string }) => [e.name, e.type]),
      [
        ['inner', 'directory'],
        ['readme.md', 'file'],
      ],
    );
    assert.equal(entries[1].size, 7);
    assert.ok(!Number.isNaN(Date.parse(entries[1].mtime)));
    assert.doesNotMatch(r.text, /\/tmp|ferrox-test/, 'no absolute paths');
  });

  it('keeps HTML for browsers, which list text/html first', async () => {
    const browser = await request(srv.port, '/docs/', {
      headers: { Accept: 'text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8' },
    });
    assert.match(String(browser.headers['content-type']), /^text\/html/);
    assert.equal(browser.headers.vary, 'Accept, Accept-Encoding', 'the page is big enough to compress');
    const json = await request(srv.port, '/docs/', { headers: { Accept: 'application/json, text/html' } });
    assert.match(String(json.headers['content-type']), /^application\/json/);
    assert.notEqual(json.headers.etag, browser.headers.etag);
  });
});
