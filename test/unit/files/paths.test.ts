import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeFixture, servedFixture, rawExchange, request, statusLines, SNOWMAN_NAME, AWKWARD_NAME } from '../helpers';

describe('path safety', () => {
  const { srv } = servedFixture();

  it('serves files with awkward names, decoded exactly once', async () => {
    assert.equal((await request(srv.port, '/' + encodeURIComponent(SNOWMAN_NAME))).text, 'snow\n');
    const awkward = await request(srv.port, '/' + encodeURIComponent(AWKWARD_NAME));
    assert.equal(awkward.status, 200);
    assert.equal(awkward.text, 'awkward\n');
  });

  it('treats a double-encoded path as a literal name, never as ..', async () => {
    const literal = await request(srv.port, '/%252e%252e/trap.txt');
    assert.equal(literal.status, 200);
    assert.equal(literal.text, 'literal percent folder\n');
    assert.equal((await request(srv.port, '/%252e%252e/%252e%252e/outside.txt')).status, 404);
  });

  for (const attempt of [
    '/../outside.txt',
    '/%2e%2e/outside.txt',
    '/%2E%2E/site-secret/secret.txt',
    '/docs/%2e%2e/%2e%2e/outside.txt',
    '/..%2foutside.txt',
    '/%2e%2e%2f%2e%2e%2foutside.txt',
  ]) {
    it(`refuses traversal ${attempt} with 403`, async () => {
      const r = await rawExchange(srv.port, `GET ${attempt} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
      assert.match(statusLines(r.text)[0], /^HTTP\/1\.1 403 /);
      assert.doesNotMatch(r.text, /TOP SECRET|\r\n\r\noutside\n/);
    });
  }

  it('refuses backslashes (%5c) with 400 so Windows and POSIX behave alike', async () => {
    assert.equal((await request(srv.port, '/..%5coutside.txt')).status, 400);
    assert.equal((await request(srv.port, '/docs%5creadme.md')).status, 400);
  });

  it('refuses NUL bytes and malformed percent-encoding with 400', async () => {
    assert.equal((await request(srv.port, '/hello.txt%00.html')).status, 400);
    assert.equal((await request(srv.port, '/%E0%A4%A')).status, 400);
    assert.equal((await request(srv.port, '/%zz')).status, 400);
  });

  it('never serves a sibling folder whose name starts with the root name', async () => {
    const r = await request(srv.port, '/../site-secret/secret.txt');
    assert.notEqual(r.status, 200);
    const viaLink = await request(srv.port, '/link-dir-out/secret.txt');
    assert.equal(viaLink.status, 403);
    assert.doesNotMatch(viaLink.text, /TOP SECRET/);
  });

  it('follows symlinks that stay inside the root', async () => {
    assert.equal((await request(srv.port, '/link-in.txt')).text, 'hello world\n');
    assert.equal((await request(srv.port, '/link-dir/readme.md')).text, '# docs\n');
  });

  it('refuses symlinks that lead outside the root, or to hidden files', async () => {
    const out = await request(srv.port, '/link-out.txt');
    assert.equal(out.status, 403);
    assert.doesNotMatch(out.text, /TOP SECRET/);
    assert.equal((await request(srv.port, '/link-hidden')).status, 404);
    assert.equal((await request(srv.port, '/broken-link')).status, 404);
  });

  it('hides dotfiles and dot-folders but allows .well-known', async () => {
    assert.equal((await request(srv.port, '/.env')).status, 404);
    assert.equal((await request(srv.port, '/.git/config')).status, 404);
    assert.equal((await request(srv.port, '/%2eenv')).status, 404);
    assert.equal((await request(srv.port, '/docs/../.env')).status, 403);
    const wk = await request(srv.port, '/.well-known/security.txt');
    assert.equal(wk.status, 200);
    assert.match(wk.text, /Contact/);
  });

  it('gives 404 for missing files and for a file named as a folder', async () => {
    assert.equal((await request(srv.port, '/nope.txt')).status, 404);
    assert.equal((await request(srv.port, '/hello.txt/')).status, 404);
    assert.equal((await request(srv.port, '/hello.txt/x')).status, 404);
    assert.equal((await request(srv.port, '/' + 'a'.repeat(300))).status, 404);
  });

  it('accepts an absolute-form request target', async () => {
    const r = await rawExchange(
      srv.port,
      `GET http://localhost/hello.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`,
    );
    assert.match(statusLines(r.text)[0], / 200 /);
    assert.match(r.text, /hello world/);
  });
});

describe('Windows paths, checked here with path.win32 and the platform given', () => {
  it('knows reserved device names with any extension, trimmed names and streams', async () => {
    const { isUnsafeOnWindows } = await import('../../../src/core/files/fileLookup');
    for (const name of [
      'CON',
      'con',
      'con.txt',
      'NUL.tar.gz',
      'aux.html',
      'Prn',
      'COM1',
      'com9.js',
      'lpt1',
      'LPT¹.txt',
      'CONIN$',
      'conout$.x',
      'CON .txt',
      'index.html.',
      'index.html ',
      'file.txt::$DATA',
      'a:b',
    ]) {
      assert.equal(isUnsafeOnWindows(name), true, name);
    }
    for (const name of [
      'console.txt',
      'contact.html',
      'com10',
      'lpt',
      'nullable.js',
      'auxiliary',
      'index.html',
      '.well-known',
      'a.b.c',
    ]) {
      assert.equal(isUnsafeOnWindows(name), false, name);
    }
  });

  it('refuses them before the file system is asked, when the platform is Windows', async () => {
    const { lookup } = await import('../../../src/core/files/fileLookup');
    const fx = makeFixture();
    try {
      fs.writeFileSync(path.join(fx.root, 'con.txt'), 'a device on Windows');
      const real = fs.realpathSync(fx.root);
      assert.equal((await lookup(real, ['con.txt'], 'linux')).kind, 'file', 'an ordinary name elsewhere');
      assert.deepEqual(await lookup(real, ['con.txt'], 'win32'), { kind: 'error', status: 404, reason: 'Not found.' });
      assert.equal((await lookup(real, ['sub', 'nul'], 'win32')).kind, 'error', 'in any segment');
      assert.equal((await lookup(real, ['hello.txt.'], 'win32')).kind, 'error');
    } finally {
      fx.cleanup();
    }
  });

  it('contains by path.relative on Windows paths too: case, drive letters, UNC shares and sibling prefixes', async () => {
    const { isInside } = await import('../../../src/core/files/fileLookup');
    const win = path.win32;
    assert.equal(isInside('C:\\site', 'C:\\site\\a\\b.txt', win), true);
    assert.equal(isInside('C:\\site', 'c:\\SITE\\a.txt', win), true, 'Windows paths ignore case');
    assert.equal(isInside('C:\\site', 'C:\\site-secret\\x', win), false, 'a sibling with the same prefix');
    assert.equal(isInside('C:\\site', 'D:\\site\\x', win), false, 'another drive');
    assert.equal(isInside('C:\\site', 'C:\\site\\..\\x', win), false);
    assert.equal(isInside('\\\\server\\share\\site', '\\\\server\\share\\site\\a', win), true);
    assert.equal(isInside('\\\\server\\share\\site', '\\\\server\\other\\site\\a', win), false);
  });
});
