import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RevealEvent } from '../../../src/core';
import { makeFixture, request, startServer, type Fixture } from '../helpers';
import { openEvents } from '../../shared/events';

const post = (port: number, body: unknown) =>
  request(port, '/__ferrox/reveal', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

/** Resolves once `events` holds `n` reveals (they are handed on once the page's file is looked up). */
async function revealed(events: RevealEvent[], n: number): Promise<void> {
  for (let i = 0; i < 100 && events.length < n; i++) await new Promise((r) => setTimeout(r, 10));
}

describe('live reload: page <-> source through the server', () => {
  let fx: Fixture;
  beforeEach(() => {
    fx = makeFixture();
    fs.mkdirSync(path.join(fx.root, 'a b'));
    fs.writeFileSync(path.join(fx.root, 'a b', 'page.html'), '<!doctype html><title>p</title><p>x</p>');
  });
  afterEach(() => fx.cleanup());

  it('hands an Alt+click to the host as the file and the element path, only when the host asks for them', async () => {
    const { server, port } = await startServer({ root: fx.root, liveReload: true });
    try {
      assert.doesNotMatch((await request(port, '/a%20b/page.html')).text, /data-reveal/, 'nobody listens yet');
      assert.equal((await post(port, {})).status, 404);
      const events: RevealEvent[] = [];
      server.setRevealHandler((e) => events.push(e));
      const page = (await request(port, '/a%20b/page.html')).text;
      assert.match(page, /data-reveal="alt-click"/);
      const instance = /data-instance="([^"]+)"/.exec(page)![1];
      const element = [
        [1, 'body'],
        [0, 'p'],
      ];
      assert.equal((await post(port, { instance, page: '/a%20b/page.html', element })).status, 204);
      await revealed(events, 1);
      assert.deepEqual(events, [{ file: path.join(fx.root, 'a b', 'page.html'), element }]);
      assert.equal((await post(port, { instance: 'other', page: '/a%20b/page.html', element })).status, 403);
      assert.equal((await post(port, { instance, page: '/a%20b/page.html', element: [[0, '<p>']] })).status, 400);
      assert.equal((await post(port, { instance, page: 'relative.html', element })).status, 400);
      assert.equal(
        (await post(port, { instance, page: '/../../etc/passwd', element })).status,
        204,
        'accepted, but names no file inside',
      );
      // A page that is served last marks the end: the refused ones before it would have arrived first.
      await post(port, { instance, page: '/a%20b/page.html', element });
      await revealed(events, 2);
      assert.equal(events.length, 2, 'a path outside the root reaches nobody');
      server.setRevealHandler(undefined);
      assert.equal((await post(port, { instance, page: '/a%20b/page.html', element })).status, 404);
    } finally {
      await server.stop();
    }
  });

  it('leads the editor only to files the page could be served from: no hidden file, no link out, no pipe', async () => {
    const { server, port } = await startServer({ root: fx.root, liveReload: true });
    const events: RevealEvent[] = [];
    server.setRevealHandler((e) => events.push(e));
    execFileSync('mkfifo', [path.join(fx.root, 'pipe')]);
    try {
      const instance = /data-instance="([^"]+)"/.exec((await request(port, '/a%20b/page.html')).text)![1];
      const element = [[1, 'body']];
      for (const page of [
        '/.env',
        '/.git/config',
        '/%2egit/config',
        '/link-out.txt',
        '/link-dir-out/secret.txt',
        '/link-hidden',
        '/pipe',
        '/docs',
        '/broken-link',
      ]) {
        assert.equal((await post(port, { instance, page, element })).status, 204, page);
      }
      // Reveals reach the host in order: once the last one has, every refused one was decided.
      await post(port, { instance, page: '/hello.txt', element });
      await revealed(events, 1);
      assert.deepEqual(
        events.map((e) => path.relative(fx.root, e.file)),
        ['hello.txt'],
        'only the served file',
      );
    } finally {
      await server.stop();
    }
  });

  it('sends a highlight for a file to the pages, by URL path, and a clear', async () => {
    const { server, port } = await startServer({ root: fx.root, liveReload: true });
    const stream = await openEvents(port);
    try {
      await stream.next();
      server.highlight(path.join(fx.root, 'a b', 'page.html'), [
        [1, 'body'],
        [0, 'p'],
      ]);
      assert.deepEqual(await stream.next(), {
        event: 'highlight',
        data: {
          path: '/a%20b/page.html',
          element: [
            [1, 'body'],
            [0, 'p'],
          ],
        },
      });
      server.highlight(path.join(fx.root, 'a b', 'page.html'), undefined);
      assert.deepEqual(await stream.next(), { event: 'highlight', data: { path: '/a%20b/page.html', element: null } });
      server.highlight('/elsewhere/page.html', [[1, 'body']]);
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(stream.events.length, 0, 'nothing for files outside the root');
    } finally {
      stream.close();
      await server.stop();
    }
  });
});
