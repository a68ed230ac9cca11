import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { sortEntries, formatSize } from '../../../src/core/files/listing/listing';
import { servedFixture, rawExchange, request, startServer, statusLines, SNOWMAN_NAME } from '../helpers';

describe('directories', () => {
  const { fx, srv } = servedFixture();

  describe('trailing-slash redirect', () => {
    it('redirects a folder without a slash with 301, keeping the query', async () => {
      const r = await request(srv.port, '/docs?x=1&y=%20');
      assert.equal(r.status, 301);
      assert.equal(r.headers.location, '/docs/?x=1&y=%20');
    });

    it('re-encodes the Location of folders with awkward names', async () => {
      fs.mkdirSync(path.join(fx.root, 'we ird#<>'), { recursive: true });
      const r = await request(srv.port, '/we%20ird%23%3C%3E');
      assert.equal(r.status, 301);
      assert.equal(r.headers.location, '/we%20ird%23%3C%3E/');
    });

    for (const attempt of ['//docs', '//evil.com/..%2fdocs', '/\\docs', '/%5c%5cdocs', '///docs', '//%2fdocs']) {
      it(`never redirects off-site for ${attempt}`, async () => {
        const r = await rawExchange(
          srv.port,
          `GET ${attempt} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`,
        );
        const location = /^Location: (.*)$/im.exec(r.text)?.[1];
        if (location !== undefined) {
          assert.match(location, /^\/[^/\\]/, `Location ${location} must be a same-origin path`);
        } else {
          assert.match(statusLines(r.text)[0], / (400|403|404) /);
        }
      });
    }

    it('collapses leading slashes to a same-origin path', async () => {
      const r = await rawExchange(srv.port, 'GET //docs HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
      assert.match(r.text, /^Location: \/docs\/\r$/m);
    });
  });

  describe('index.html', () => {
    it('serves index.html for a folder that has one', async () => {
      const r = await request(srv.port, '/sub/');
      assert.equal(r.status, 200);
      assert.match(r.text, /sub index/);
      assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
    });
  });

  describe('listing', () => {
    it('lists folders first, then files, in natural order, without hidden entries', async () => {
      const r = await request(srv.port, '/');
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
      const names = [...r.text.matchAll(/<td class="name[^"]*"><a href="[^"]*">([^<]*)<\/a>/g)].map((m) => m[1]);
      const firstFile = names.findIndex((n) => !n.endsWith('/'));
      assert.ok(
        names.slice(0, firstFile).every((n) => n.endsWith('/')),
        `folders first: ${names.join(', ')}`,
      );
      assert.ok(
        names.slice(firstFile).every((n) => !n.endsWith('/')),
        'then files',
      );
      assert.ok(names.indexOf('file2.txt') < names.indexOf('file10.txt'), 'natural order');
      assert.ok(!names.some((n) => n.startsWith('.env') || n.startsWith('.git')), 'no hidden entries');
      assert.ok(names.includes('.well-known/'), '.well-known is servable, so it is listed');
      assert.ok(
        !names.includes('link-out.txt') && !names.includes('link-dir-out/') && !names.includes('broken-link'),
        'no links that cannot be served',
      );
      assert.ok(!names.includes('link-hidden'), 'nor a link to a hidden file');
      assert.ok(names.includes('link-in.txt') && names.includes('link-dir/'));
    });

    it('escapes every name and percent-encodes every href', async () => {
      const r = await request(srv.port, '/');
      assert.ok(!r.text.includes('<b>'), 'raw markup from a file name must not appear');
      assert.ok(r.text.includes('a &lt;b&gt; &amp; &quot;c&quot; #1 %41.txt'));
      assert.ok(r.text.includes('href="/a%20%3Cb%3E%20&amp;%20%22c%22%20%231%20%2541.txt"'), 'encoded, escaped href');
      assert.ok(r.text.includes(`href="/${encodeURIComponent(SNOWMAN_NAME)}"`));
      const hrefs = [...r.text.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
      for (const href of hrefs) assert.doesNotMatch(href, /[\s<>"#]/, `href ${href} is encoded`);
    });

    it('follows each listed href to the entry', async () => {
      const r = await request(srv.port, '/');
      const href = [...r.text.matchAll(/href="([^"]*)"/g)]
        .map((m) => m[1].replace(/&amp;/g, '&'))
        .find((h) => h.includes('%3Cb%3E'));
      assert.ok(href);
      assert.equal((await request(srv.port, href)).text, 'awkward\n');
    });

    it('shows sizes, times and a parent link, and no absolute path', async () => {
      const r = await request(srv.port, '/docs/');
      assert.match(r.text, /<a href="\/">\.\.\/<\/a>/);
      assert.match(r.text, /title="7 bytes">7 B</);
      assert.match(r.text, /<time datetime="\d{4}-\d\d-\d\dT/);
      assert.ok(!r.text.includes(fx.root) && !r.text.includes(fx.base), 'no absolute path');
      const root = await request(srv.port, '/');
      assert.doesNotMatch(root.text, />\.\.\/</, 'the root has no parent link');
    });

    it('supports light and dark colour schemes and forbids scripts', async () => {
      const r = await request(srv.port, '/');
      assert.match(r.text, /prefers-color-scheme:\s*dark/);
      assert.match(String(r.headers['content-security-policy']), /default-src 'none'/);
    });

    it('answers 304 to a listing whose ETag matches', async () => {
      const first = await request(srv.port, '/docs/');
      const again = await request(srv.port, '/docs/', { headers: { 'If-None-Match': String(first.headers.etag) } });
      assert.equal(again.status, 304);
    });

    it('can be switched off: a folder without index gets 404', async () => {
      const off = await startServer({ root: fx.root, directoryListing: false });
      try {
        assert.equal((await request(off.port, '/docs/')).status, 404);
        assert.equal((await request(off.port, '/sub/')).status, 200, 'index.html is still served');
      } finally {
        await off.server.stop();
      }
    });
  });

  describe('listing helpers', () => {
    it('sorts naturally, folders first', () => {
      const e = (name: string, isDirectory = false) => ({ name, isDirectory, size: 0, mtime: new Date(0) });
      const sorted = sortEntries([e('b10'), e('B2'), e('z', true), e('a1'), e('A', true)]).map((x) => x.name);
      assert.deepEqual(sorted, ['A', 'z', 'a1', 'B2', 'b10']);
    });

    it('formats sizes for people', () => {
      assert.equal(formatSize(0), '0 B');
      assert.equal(formatSize(1023), '1023 B');
      assert.equal(formatSize(1536), '1.5 KB');
      assert.equal(formatSize(50 * 1024 * 1024), '50 MB');
    });
  });

  describe('a big listing', () => {
    const { fx, srv } = servedFixture();
    before(() => {
      fs.mkdirSync(path.join(fx.root, 'many'));
      for (let i = 0; i < 1000; i++) fs.writeFileSync(path.join(fx.root, 'many', `file-${i}.txt`), String(i));
    });

    it('is compressed like any text (1,000 entries), with Vary: Accept-Encoding, and the same page once decoded', async () => {
      const plain = await request(srv.port, '/many/');
      assert.equal(plain.status, 200);
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.equal(plain.headers.vary, 'Accept, Accept-Encoding');
      for (const [encoding, decode] of [
        ['gzip', zlib.gunzipSync],
        ['br', zlib.brotliDecompressSync],
      ] as const) {
        const r = await request(srv.port, '/many/', { headers: { 'Accept-Encoding': encoding } });
        assert.equal(r.headers['content-encoding'], encoding);
        assert.equal(r.headers.vary, 'Accept, Accept-Encoding');
        assert.equal(Number(r.headers['content-length']), r.body.length);
        assert.ok(r.body.length < plain.body.length / 4, `${encoding}: ${r.body.length} of ${plain.body.length} bytes`);
        assert.equal(decode(r.body).toString(), plain.text);
      }
      const json = await request(srv.port, '/many/', {
        headers: { 'Accept-Encoding': 'gzip', Accept: 'application/json' },
      });
      assert.equal(json.headers['content-encoding'], 'gzip');
      assert.equal(JSON.parse(zlib.gunzipSync(json.body).toString()).length, 1000);
      const head = await request(srv.port, '/many/', { method: 'HEAD', headers: { 'Accept-Encoding': 'br' } });
      assert.equal(head.headers['content-encoding'], 'br');
      assert.equal(head.body.length, 0);
    });
  });
});
