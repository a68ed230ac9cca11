import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserMessage, FerroxServer } from '../../../src/core';
import { CONSOLE_BODY_LIMIT, parseBatch } from '../../../src/core/live/relays/consoleRelay';
import { makeFixture, request, startServer, type Fixture } from '../helpers';

const post = (port: number, body: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
  request(port, '/__ferrox/console', {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

/** The instance id a served page carries, which console batches must name. */
async function instanceOf(port: number): Promise<string> {
  return /data-instance="([^"]+)"/.exec((await request(port, '/page.html')).text)![1];
}

/** Resolves once `seen` holds `n` messages (they are handed on once their source file is looked up). */
async function settled(seen: BrowserMessage[], n: number): Promise<void> {
  for (let i = 0; i < 100 && seen.length < n; i++) await new Promise((r) => setTimeout(r, 10));
}

function collect(server: FerroxServer): BrowserMessage[] {
  const seen: BrowserMessage[] = [];
  server.on('browserConsole', (m) => seen.push(m));
  return seen;
}

describe('live reload: the browser console', () => {
  let fx: Fixture;
  beforeEach(() => {
    fx = makeFixture();
    fs.writeFileSync(path.join(fx.root, 'page.html'), '<!doctype html><title>p</title><p>x');
    fs.writeFileSync(path.join(fx.root, 'app.js'), 'console.error(1)');
  });
  afterEach(() => fx.cleanup());

  it('keeps what a page wrote as it wrote it: whatever shows it makes it printable (report/printable)', () => {
    const batch = parseBatch({
      instance: 'i',
      page: '/a\u001b[2Jb',
      entries: [{ level: 'error', message: 'm\u001b]52;c;eA==\u0007', source: 'http://h/\u009b.js' }],
    })!;
    assert.deepEqual(batch.entries[0], {
      level: 'error',
      page: '/a\u001b[2Jb',
      message: 'm\u001b]52;c;eA==\u0007',
      source: 'http://h/\u009b.js',
    });
  });

  it('parses only well-formed batches', () => {
    const ok = {
      instance: 'i',
      client: 'c',
      page: '/',
      entries: [{ level: 'error', message: 'm', source: 'http://h/app.js', line: 1, column: 2 }],
    };
    assert.equal(parseBatch(ok)?.entries.length, 1);
    const parseOrNull = (text: string): unknown => {
      try {
        return JSON.parse(text);
      } catch {
        return null;
      }
    };
    for (const bad of [
      '[]',
      'null',
      JSON.stringify({ ...ok, entries: 'x' }),
      JSON.stringify({ ...ok, instance: 5 }),
      JSON.stringify({ ...ok, entries: [{ level: 'shout', message: 'm' }] }),
      JSON.stringify({ ...ok, entries: [{ level: 'error', message: 3 }] }),
      JSON.stringify({ ...ok, entries: [{ level: 'error', message: 'm', line: -1 }] }),
      JSON.stringify({ ...ok, entries: [{ level: 'error', message: 'm', line: 1.5 }] }),
      JSON.stringify({ ...ok, page: 7 }),
    ]) {
      assert.equal(parseBatch(parseOrNull(bad)), undefined, bad);
    }
  });

  it('delivers errors and warnings with the file behind the source URL, and answers 204', async () => {
    const { server, port } = await startServer({ root: fx.root, liveReload: true });
    const seen = collect(server);
    try {
      const instance = await instanceOf(port);
      const reply = await post(port, {
        instance,
        client: 'c1',
        page: '/page.html',
        entries: [
          { level: 'error', message: 'boom', source: `http://127.0.0.1:${port}/app.js`, line: 1, column: 9 },
          { level: 'warn', message: 'careful' },
          { level: 'log', message: 'chatter' },
        ],
      });
      assert.equal(reply.status, 204);
      await settled(seen, 2);
      assert.deepEqual(
        seen,
        [
          {
            level: 'error',
            page: '/page.html',
            message: 'boom',
            source: `http://127.0.0.1:${port}/app.js`,
            line: 1,
            column: 9,
            file: path.join(fx.root, 'app.js'),
            device: 'desktop (a browser)',
          },
          { level: 'warn', page: '/page.html', message: 'careful', device: 'desktop (a browser)' },
        ],
        '"errors" leaves log, info and debug out; the device is the user agent\'s (none here)',
      );
    } finally {
      await server.stop();
    }
  });

  it('names the file behind a source only when that URL would serve it: no hidden file, no link out', async () => {
    const { server, port } = await startServer({ root: fx.root, liveReload: true });
    const seen = collect(server);
    try {
      const instance = await instanceOf(port);
      const sources = ['/.env', '/.git/config', '/link-out.txt', '/link-hidden', '/app.js'];
      await post(port, {
        instance,
        page: '/',
        entries: sources.map((s) => ({ level: 'error', message: s, source: `http://127.0.0.1:${port}${s}` })),
      });
      await settled(seen, sources.length);
      assert.deepEqual(
        seen.map((m) => [m.message, m.file && path.relative(fx.root, m.file)]),
        [
          ['/.env', undefined],
          ['/.git/config', undefined],
          ['/link-out.txt', undefined],
          ['/link-hidden', undefined],
          ['/app.js', 'app.js'],
        ],
      );
    } finally {
      await server.stop();
    }
  });

  it('forwards every level with "all", and nothing with "off" (404, no tag attribute, no early hook with the overlay off too)', async () => {
    const all = await startServer({ root: fx.root, liveReload: true, browserConsole: 'all' });
    const seen = collect(all.server);
    try {
      await post(all.port, {
        instance: await instanceOf(all.port),
        page: '/',
        entries: [{ level: 'debug', message: 'd' }],
      });
      await settled(seen, 1);
      assert.equal(seen.length, 1);
    } finally {
      await all.server.stop();
    }
    const off = await startServer({ root: fx.root, liveReload: true, browserConsole: 'off', errorOverlay: 'never' });
    try {
      assert.doesNotMatch((await request(off.port, '/page.html')).text, /data-console|data-ferrox-early/);
      assert.equal((await post(off.port, { instance: 'x', page: '/', entries: [] })).status, 404);
    } finally {
      await off.server.stop();
    }
  });

  it('refuses bad JSON (400, never logged), other instances (403), other types (415), GET (405) and large bodies (413)', async () => {
    const { server, port } = await startServer({ root: fx.root, liveReload: true });
    const seen = collect(server);
    try {
      const instance = await instanceOf(port);
      assert.equal(
        (await post(port, '{"instance": "' + instance + '", "entries": [{"level": "error", "message": "secret"'))
          .status,
        400,
      );
      assert.equal(
        (await post(port, { instance: 'another', page: '/', entries: [{ level: 'error', message: 'm' }] })).status,
        403,
      );
      assert.equal(
        (await post(port, { instance, page: '/', entries: [] }, { 'Content-Type': 'text/plain' })).status,
        415,
      );
      assert.equal((await request(port, '/__ferrox/console')).status, 405);
      const big = { instance, page: '/', entries: [{ level: 'error', message: 'x'.repeat(CONSOLE_BODY_LIMIT) }] };
      assert.equal((await post(port, big)).status, 413);
      assert.equal((await request(port, '/page.html')).status, 200, 'the server is still up');
      assert.deepEqual(seen, []);
    } finally {
      await server.stop();
    }
  });

  it('passes 100 entries a second per client address, whatever ids and pages it claims, and summarises the rest as dropped', async () => {
    const { server, port } = await startServer({ root: fx.root, liveReload: true });
    const seen = collect(server);
    try {
      const instance = await instanceOf(port);
      const entries = Array.from({ length: 50 }, (_, i) => ({ level: 'error', message: `spam ${i}` }));
      // A page that rotates its client id and page path still spends one budget.
      for (let i = 0; i < 3; i++)
        await post(port, { instance, client: `rotated-${i}`, page: `/page-${i}.html`, entries });
      await settled(seen, 100);
      assert.equal(seen.length, 100);
      const summary = new Promise<BrowserMessage>((resolve) =>
        server.on('browserConsole', (m) => {
          if (/dropped/.test(m.message)) resolve(m);
        }),
      );
      assert.deepEqual(await summary, {
        level: 'warn',
        page: '/page-0.html',
        message: '50 messages dropped (more than 100 a second)',
      });
    } finally {
      await server.stop();
    }
  });
});
