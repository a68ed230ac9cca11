import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { IncomingHttpHeaders } from 'node:http';
import { RouteMemo } from '../../../src/core/files/cache/routeMemo';
import { servedFixture, request, type Reply } from '../helpers';

/** Headers that may differ between two answers of the same file. */
function comparable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const { date: _date, ...rest } = headers;
  return rest;
}

/** The first answer comes from the full request flow; repeats of the same target from the hot path. */
async function firstAndRepeat(
  port: number,
  target: string,
  options: Parameters<typeof request>[2] = {},
): Promise<[Reply, Reply]> {
  const first = await request(port, target, options);
  const repeat = await request(port, target, options);
  return [first, repeat];
}

describe('hot path (repeat requests for held files)', () => {
  const { fx, srv } = servedFixture({ headers: { 'X-Team': 'web' } });

  it('answers a repeat with the same status, headers and bytes as the full path', async () => {
    for (const target of ['/hello.txt', '/style.css', '/sub/', '/snow%20%E2%98%83.txt', '/hello.txt?v=2']) {
      const [first, repeat] = await firstAndRepeat(srv.port, target);
      assert.equal(repeat.status, 200, target);
      assert.deepEqual(comparable(repeat.headers), comparable(first.headers), target);
      assert.deepEqual(repeat.body, first.body, target);
      assert.equal(repeat.headers['x-team'], 'web', 'configured headers too');
    }
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const get = await request(srv.port, '/hello.txt');
    const [, head] = await firstAndRepeat(srv.port, '/hello.txt', { method: 'HEAD' });
    assert.equal(head.body.length, 0);
    assert.deepEqual(comparable(head.headers), comparable(get.headers));
  });

  it('serves the kept compressed body with the headers the full path gives it', async () => {
    const headers = { 'Accept-Encoding': 'gzip, deflate, br' };
    await request(srv.port, '/big.txt', { headers }); // makes the variant
    const [first, repeat] = await firstAndRepeat(srv.port, '/big.txt', { headers });
    assert.equal(repeat.headers['content-encoding'], 'br');
    assert.deepEqual(comparable(repeat.headers), comparable(first.headers));
    assert.deepEqual(zlib.brotliDecompressSync(repeat.body), fs.readFileSync(path.join(fx.root, 'big.txt')));
    const plain = await request(srv.port, '/big.txt', { headers: { 'Accept-Encoding': 'identity' } });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body.length, fs.statSync(path.join(fx.root, 'big.txt')).size);
  });

  it('leaves conditional and range requests to the full path', async () => {
    const [first] = await firstAndRepeat(srv.port, '/hello.txt');
    const etag = first.headers.etag ?? '';
    assert.equal((await request(srv.port, '/hello.txt', { headers: { 'If-None-Match': etag } })).status, 304);
    assert.equal((await request(srv.port, '/hello.txt', { headers: { 'If-Match': '"other"' } })).status, 412);
    const range = await request(srv.port, '/hello.txt', { headers: { Range: 'bytes=0-4' } });
    assert.equal(range.status, 206);
    assert.equal(range.text, 'hello');
  });

  it('still refuses an unknown Host and other methods on a remembered target', async () => {
    await firstAndRepeat(srv.port, '/hello.txt');
    assert.equal((await request(srv.port, '/hello.txt', { headers: { Host: 'evil.example:80' } })).status, 403);
    assert.equal((await request(srv.port, '/hello.txt', { method: 'POST' })).status, 405);
  });

  it('uses the new configuration at once after reconfigure', async () => {
    await firstAndRepeat(srv.port, '/hello.txt');
    await srv.server.reconfigure({ ...srv.server.options, headers: { 'X-Team': 'platform' }, cors: true });
    try {
      const after = await request(srv.port, '/hello.txt');
      assert.equal(after.headers['x-team'], 'platform');
      assert.equal(after.headers['access-control-allow-origin'], '*');
    } finally {
      await srv.server.reconfigure({ ...srv.server.options, headers: { 'X-Team': 'web' }, cors: false });
    }
  });

  it('prefers unsaved editor text over a remembered file', async () => {
    await firstAndRepeat(srv.port, '/hello.txt');
    const real = fs.realpathSync(path.join(fx.root, 'hello.txt'));
    const doc = { content: Buffer.from('unsaved text'), version: 7, modifiedMs: Date.now() };
    srv.server.setContentOverlay({ get: (p) => (p === real ? doc : undefined) });
    try {
      assert.equal((await request(srv.port, '/hello.txt')).text, 'unsaved text');
    } finally {
      srv.server.setContentOverlay(undefined);
    }
    assert.equal((await request(srv.port, '/hello.txt')).text, 'hello world\n');
  });

  it('remembers a 404 only until the file appears (50 rounds of create and delete)', async () => {
    await request(srv.port, '/hello.txt'); // the root now holds a cached file: it is watched
    const file = path.join(fx.root, 'comes-and-goes.txt');
    for (let i = 0; i < 50; i++) {
      const first = await request(srv.port, '/comes-and-goes.txt');
      assert.equal(first.status, 404);
      const repeat = await request(srv.port, '/comes-and-goes.txt');
      assert.equal(repeat.status, 404);
      assert.deepEqual(comparable(repeat.headers), comparable(first.headers));
      assert.deepEqual(repeat.body, first.body);
      assert.equal(repeat.headers['x-team'], 'web', 'configured headers on the remembered 404');
      fs.writeFileSync(file, `round ${i}`);
      assert.equal((await request(srv.port, '/comes-and-goes.txt')).text, `round ${i}`);
      fs.unlinkSync(file);
    }
    const head = await request(srv.port, '/comes-and-goes.txt', { method: 'HEAD' });
    assert.equal(head.status, 404);
    assert.equal(head.body.length, 0);
  });

  it('answers a remembered 404 without asking the disk', async () => {
    await request(srv.port, '/hello.txt');
    await request(srv.port, '/never-there.txt');
    // The miss is remembered after an lstat that runs once the 404 is sent: let it land.
    await new Promise((r) => setTimeout(r, 50));
    const realpath = fs.promises.realpath;
    let calls = 0;
    fs.promises.realpath = ((...args: Parameters<typeof realpath>) => {
      calls++;
      return realpath(...args);
    }) as typeof realpath;
    try {
      assert.equal((await request(srv.port, '/never-there.txt')).status, 404);
      assert.equal((await request(srv.port, '/hello.txt')).status, 200);
    } finally {
      fs.promises.realpath = realpath;
    }
    assert.equal(calls, 0);
  });

  it('never remembers a dangling link as missing: its target may appear in an unwatched folder', async () => {
    await request(srv.port, '/hello.txt');
    fs.mkdirSync(path.join(fx.root, 'unwatched'));
    fs.symlinkSync('unwatched/target.txt', path.join(fx.root, 'dangling.txt'));
    assert.equal((await request(srv.port, '/dangling.txt')).status, 404);
    assert.equal((await request(srv.port, '/dangling.txt')).status, 404);
    fs.writeFileSync(path.join(fx.root, 'unwatched/target.txt'), 'appeared');
    assert.equal((await request(srv.port, '/dangling.txt')).text, 'appeared');
  });

  it('follows a symlink that is retargeted, at once (50 rounds)', async () => {
    fs.writeFileSync(path.join(fx.root, 'target-a.txt'), 'A');
    fs.writeFileSync(path.join(fx.root, 'target-b.txt'), 'B');
    const link = path.join(fx.root, 'retargeted.txt');
    for (let i = 0; i < 50; i++) {
      const target = i % 2 === 0 ? 'target-a.txt' : 'target-b.txt';
      fs.rmSync(link, { force: true });
      fs.symlinkSync(target, link);
      assert.equal(
        (await request(srv.port, '/retargeted.txt')).text,
        target === 'target-a.txt' ? 'A' : 'B',
        `round ${i}`,
      );
      assert.equal(
        (await request(srv.port, '/retargeted.txt')).text,
        target === 'target-a.txt' ? 'A' : 'B',
        `round ${i}, repeated`,
      );
    }
  });

  it('sees a file that becomes a folder, and a deleted folder index, at once', async () => {
    fs.mkdirSync(path.join(fx.root, 'hot'));
    fs.writeFileSync(path.join(fx.root, 'hot/index.html'), 'index');
    await firstAndRepeat(srv.port, '/hot/');
    fs.unlinkSync(path.join(fx.root, 'hot/index.html'));
    assert.match((await request(srv.port, '/hot/')).text, /Index of/);
  });
});

describe('hot path with live reload on', () => {
  const { srv } = servedFixture({ liveReload: true });

  it('keeps injecting the live-reload tag into repeated HTML requests, and honours the opt-out', async () => {
    const [first, repeat] = await firstAndRepeat(srv.port, '/sub/');
    assert.match(first.text, /__ferrox\/live\.js/);
    assert.match(repeat.text, /__ferrox\/live\.js/);
    assert.doesNotMatch(
      (await request(srv.port, '/sub/', { headers: { 'X-Ferrox-Live': 'off' } })).text,
      /__ferrox\/live\.js/,
    );
    assert.match((await request(srv.port, '/sub/')).text, /__ferrox\/live\.js/);
  });
});

describe('route memo', () => {
  it('refuses a resolution or a miss from a lookup that began before the memo was cleared', () => {
    const memo = new RouteMemo();
    const before = memo.generation;
    memo.clear(); // a watched folder changed while the lookup ran
    memo.remember('a.txt', '/a.txt', '/site/b.txt', before);
    memo.rememberMissing('/gone.txt', '/site', before, Buffer.from('page'));
    assert.equal(memo.get('a.txt'), undefined);
    assert.equal(memo.hot('/a.txt'), undefined);
    assert.equal(memo.missing('/gone.txt'), undefined);
    memo.remember('a.txt', '/a.txt', '/site/c.txt', memo.generation);
    memo.rememberMissing('/gone.txt', '/site', memo.generation, Buffer.from('page'));
    assert.equal(memo.hot('/a.txt'), '/site/c.txt');
    assert.equal(memo.missing('/gone.txt'), '/site');
    assert.equal(memo.missingPage('/gone.txt')?.toString(), 'page');
    memo.clear();
    assert.equal(memo.hot('/a.txt'), undefined);
    assert.equal(memo.missing('/gone.txt'), undefined);
  });
});
