import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { ManualChangeFeed } from '../../../src/core';
import {
  EARLY_CONSOLE_ATTR,
  EVENTS_QUERY,
  FRAME_MESSAGES,
  PAGE_HEADER,
  ROUTES,
  TAG,
  type BackendPageUpdate,
  type ConsolePost,
  type LocatedSource,
  type LocatePost,
  type RevealAtPost,
  type RevealPost,
  type ServerEvents,
  type SyncEvent,
  type SyncPost,
} from '../../../src/core/live/protocol';
import { elementPathAt } from '../../../src/core/live/relays/sourceMap';
import { openEvents } from '../../shared/events';
import { makeFixture, request, startServer, type Fixture, type Running } from '../helpers';

/**
 * The page <-> server protocol (src/core/live/protocol.ts) is an API boundary. The browser client
 * (src/client/live/) is TypeScript that imports the protocol's names and types, so the compiler
 * holds it to the fields of every event, answer and POST body. This suite holds the server to the
 * protocol for real (tags, events, POSTs), and checks on the client what the compiler cannot see:
 * that it takes every name from the protocol and spells none of them itself.
 */

const CLIENT_DIR = path.resolve(__dirname, '../../../../src/client/live');
const CLIENT = fs
  .readdirSync(CLIENT_DIR)
  .map((f) => fs.readFileSync(path.join(CLIENT_DIR, f), 'utf8'))
  .join('\n');

const PAGE = '<!doctype html><html><head><title>p</title></head><body><p id="a">one</p></body></html>';

function attributesOf(tags: string): Set<string> {
  return new Set([...tags.matchAll(/\s(data-[a-z-]+)/g)].map((m) => m[1]));
}

function post(port: number, route: string, body: unknown): Promise<number> {
  return request(port, route, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  }).then((r) => r.status);
}

describe('the page <-> server protocol', function () {
  this.timeout(10_000);
  let fx: Fixture;
  let srv: Running;
  let backend: http.Server;
  let feed: ManualChangeFeed;
  let instance = '';
  let rendered = PAGE;

  before(async () => {
    fx = makeFixture();
    fs.writeFileSync(path.join(fx.root, 'page.html'), PAGE);
    backend = http.createServer((req, res) => {
      res.writeHead(req.url === '/fails' ? 500 : 200, { 'Content-Type': 'text/html' });
      res.end(rendered);
    });
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
    srv = await startServer({
      root: fx.root,
      liveReload: true,
      browserConsole: 'all',
      liveReloadDebounceMs: 10,
      previewKey: 'a-preview-key-for-the-contract',
      errorOverlay: 'always',
      sync: true,
      proxy: { '/app': `http://127.0.0.1:${(backend.address() as AddressInfo).port}` },
    });
    feed = new ManualChangeFeed();
    srv.server.setChangeSource(feed);
    srv.server.setRevealHandler(() => undefined);
    instance = /data-instance="([^"]+)"/.exec((await request(srv.port, '/page.html')).text)![1];
  });
  after(async () => {
    await srv?.server.stop();
    backend?.close();
    fx?.cleanup();
  });

  describe('the injected tag', () => {
    it('the server writes every attribute of TAG, and no other', async () => {
      const page = (await request(srv.port, '/page.html')).text;
      const proxied = (await request(srv.port, '/app/')).text;
      const written = new Set([
        ...attributesOf(page.slice(0, page.indexOf('<title>'))),
        ...attributesOf(proxied.slice(0, proxied.indexOf('<title>'))),
      ]);
      assert.deepEqual([...written].sort(), [...Object.values(TAG), EARLY_CONSOLE_ATTR].sort());
    });
  });

  describe('the event stream', () => {
    it(`the server serves it at ${ROUTES.events}, and sends each event of ServerEvents with exactly its fields`, async () => {
      const stream = await openEvents(srv.port);
      try {
        const hello = await stream.next();
        assert.equal(hello.event, 'hello');
        assert.deepEqual(Object.keys(hello.data as object), [
          'instance',
          'sync',
        ] satisfies (keyof ServerEvents['hello'])[]);
        await request(srv.port, '/page.html'); // so a change to it can be morphed
        fs.writeFileSync(path.join(fx.root, 'page.html'), PAGE.replace('one', 'two'));
        feed.fire(path.join(fx.root, 'page.html'));
        const change = await stream.next();
        assert.equal(change.event, 'change');
        const batch = change.data as ServerEvents['change'];
        // A backend's page was served (the tag test), so the batch tells backends' pages too.
        assert.deepEqual(Object.keys(batch).sort(), [
          'backend',
          'css',
          'other',
          'pages',
        ] satisfies (keyof ServerEvents['change'])[]);
        assert.equal(batch.backend, 'try');
        assert.deepEqual(Object.keys(batch.pages![0]).sort(), ['from', 'html', 'old', 'path', 'to']);
        // The burst's end follows once it settles, for backends' pages: the batch after the first change.
        const settled = await stream.next();
        assert.deepEqual(settled, { event: 'change', data: { css: [], other: [], backend: 'final' } });
        srv.server.highlight(path.join(fx.root, 'page.html'), elementPathAt(PAGE, PAGE.indexOf('one')));
        const highlight = await stream.next();
        assert.equal(highlight.event, 'highlight');
        assert.deepEqual(Object.keys(highlight.data as object).sort(), [
          'element',
          'path',
        ] satisfies (keyof ServerEvents['highlight'])[]);
        srv.server.navigate({ file: path.join(fx.root, 'page.html') });
        const navigate = await stream.next();
        assert.equal(navigate.event, 'navigate');
        assert.deepEqual(navigate.data, { path: '/page.html' } satisfies ServerEvents['navigate']);
      } finally {
        stream.close();
        fs.writeFileSync(path.join(fx.root, 'page.html'), PAGE);
      }
    });
  });

  describe('who is watching (the query of the event stream)', () => {
    it(`the client says ${Object.values(EVENTS_QUERY).join(' and ')} when it opens the stream, and the server keeps them while it is open`, async () => {
      const iphone =
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
      const stream = await new Promise<http.IncomingMessage>((resolve) =>
        http.get(
          {
            port: srv.port,
            host: '127.0.0.1',
            path: `${ROUTES.events}?${EVENTS_QUERY.page}=%2Fpage.html&${EVENTS_QUERY.viewport}=390x844&${EVENTS_QUERY.id}=k3y9`,
            headers: { 'User-Agent': iphone },
            agent: false,
          },
          resolve,
        ),
      );
      try {
        await new Promise((r) => stream.once('data', r));
        const phone = srv.server.pages.find((p) => p.device === 'phone');
        assert.deepEqual(phone && { ...phone, deviceId: undefined }, {
          id: 'k3y9',
          page: '/page.html',
          viewport: { width: 390, height: 844 },
          device: 'phone',
          browser: 'Safari',
          deviceId: undefined,
        });
      } finally {
        stream.destroy();
      }
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(
        srv.server.pages.some((p) => p.device === 'phone'),
        false,
        'gone with its stream',
      );
    });
  });

  describe("a backend's page fetching itself again", () => {
    const again = (page: string, token: string) =>
      request(srv.port, page, {
        headers: { [PAGE_HEADER]: token, 'X-Ferrox-Live': 'off', 'Sec-Fetch-Site': 'same-origin' },
      });
    const tokenOf = (html: string) => new RegExp(`${TAG.page}="([^"]+)"`).exec(html)![1];

    it(`the server answers ${PAGE_HEADER} with each kind of BackendPageUpdate, with exactly its fields`, async () => {
      rendered = PAGE;
      const token = tokenOf((await request(srv.port, '/app/')).text);
      const unchanged = await again('/app/', token);
      assert.equal(unchanged.headers['content-type'], 'application/json; charset=utf-8');
      assert.deepEqual(JSON.parse(unchanged.text), { kind: 'unchanged' } satisfies BackendPageUpdate);
      rendered = PAGE.replace('one', 'two');
      const morph = JSON.parse((await again('/app/', token)).text) as BackendPageUpdate;
      assert.deepEqual(Object.keys(morph).sort(), ['html', 'kind', 'old', 'page']);
      assert.equal(morph.kind, 'morph');
      rendered = PAGE.replace('</body>', '<script>1</script></body>');
      const reload = JSON.parse((await again('/app/', (morph as { page: string }).page)).text) as BackendPageUpdate;
      assert.deepEqual(Object.keys(reload).sort(), ['kind', 'reason']);
      rendered = PAGE;
      const failing = tokenOf((await request(srv.port, '/app/ok')).text);
      const error = JSON.parse(
        (await request(srv.port, '/app/fails', { headers: { [PAGE_HEADER]: failing } })).text,
      ) as BackendPageUpdate;
      assert.deepEqual(
        error,
        { kind: 'reload', reason: 'the page is at another URL now' },
        'a token is good for its own URL alone',
      );
      const failingPage = tokenOf((await request(srv.port, '/app/fails')).text);
      assert.equal(JSON.parse((await again('/app/fails', failingPage)).text).kind, 'unchanged');
    });
  });

  describe('the POST routes', () => {
    it('the server accepts ConsolePost and RevealPost as written, and refuses a body whose fields drifted', async () => {
      const entry = { level: 'error', message: 'from the contract', source: `${srv.url}page.html`, line: 1, column: 2 };
      const consoleBody: ConsolePost = { instance, client: 'c1', page: '/page.html', entries: [entry] };
      assert.equal(await post(srv.port, ROUTES.console, consoleBody), 204);
      const { instance: _i, ...renamed } = consoleBody;
      assert.equal(await post(srv.port, ROUTES.console, { ...renamed, server: instance }), 400);
      const revealBody: RevealPost = {
        instance,
        page: '/page.html',
        element: elementPathAt(PAGE, PAGE.indexOf('one'))!,
      };
      assert.equal(await post(srv.port, ROUTES.reveal, revealBody), 204);
      const { page: _p, ...drifted } = revealBody;
      assert.equal(await post(srv.port, ROUTES.reveal, { ...drifted, file: '/page.html' }), 400);
      const revealAt: RevealAtPost = {
        instance,
        page: '/page.html',
        at: { source: `${srv.url}bundle.js`, line: 1, column: 1 },
      };
      assert.equal(await post(srv.port, ROUTES.reveal, revealAt), 204);
      assert.equal(
        await post(srv.port, ROUTES.reveal, { ...revealAt, at: { ...revealAt.at, file: '/etc/passwd' } }),
        400,
      );
    });

    it('the server answers LocatePost with a LocatedSource through a served source map, 204 without one, and refuses drift', async () => {
      fs.mkdirSync(path.join(fx.root, 'src'), { recursive: true });
      fs.writeFileSync(path.join(fx.root, 'src', 'app.ts'), 'const n: number = 2;\nif (n > 1) throw new Error("x");\n');
      buildSync({
        entryPoints: [path.join(fx.root, 'src', 'app.ts')],
        bundle: true,
        outfile: path.join(fx.root, 'bundle.js'),
        sourcemap: 'linked',
        logLevel: 'silent',
      });
      const bundle = fs.readFileSync(path.join(fx.root, 'bundle.js'), 'utf8');
      const lines = bundle.split('\n');
      const line = lines.findIndex((l) => l.includes('throw')) + 1;
      const body: LocatePost = {
        instance,
        source: `${srv.url}bundle.js`,
        line,
        column: lines[line - 1].indexOf('throw') + 1,
      };
      const located = await request(srv.port, ROUTES.locate, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      assert.equal(located.status, 200);
      const answer = JSON.parse(located.text) as LocatedSource;
      assert.deepEqual(Object.keys(answer).sort(), ['column', 'line', 'source'] satisfies (keyof LocatedSource)[]);
      assert.deepEqual(answer, { source: 'src/app.ts', line: 2, column: 12 });
      assert.equal(
        await post(srv.port, ROUTES.locate, { ...body, source: `${srv.url}page.html` }),
        204,
        'no map: nothing to say',
      );
      const { source: _s, ...drifted } = body;
      assert.equal(await post(srv.port, ROUTES.locate, { ...drifted, url: body.source }), 400);
      assert.equal(await post(srv.port, ROUTES.locate, { ...body, instance: 'another' }), 403);
    });

    it('the server relays SyncPost to every page as a sync event, and refuses drift and unknown kinds', async () => {
      const stream = await openEvents(srv.port);
      try {
        await stream.next(); // hello
        const body: SyncPost = {
          instance,
          from: 'page-a',
          event: {
            kind: 'scroll',
            target: null,
            anchor: [
              [1, 'body'],
              [3, 'p'],
            ],
            offset: 0.25,
          },
        };
        assert.equal(await post(srv.port, ROUTES.sync, body), 204);
        const relayed = await stream.next();
        assert.equal(relayed.event, 'sync');
        assert.deepEqual(relayed.data, { from: 'page-a', event: body.event } satisfies ServerEvents['sync']);
        for (const event of [
          { kind: 'click', path: [[1, 'body']] },
          { kind: 'input', path: [[1, 'body']], value: 'v' },
          { kind: 'input', path: [[1, 'body']], checked: true },
          { kind: 'submit', path: [[1, 'body']] },
          { kind: 'location', url: '/b.html?x#y' },
        ] satisfies SyncEvent[]) {
          assert.equal(await post(srv.port, ROUTES.sync, { ...body, event }), 204, JSON.stringify(event));
          assert.deepEqual((await stream.next()).data, { from: 'page-a', event });
        }
        for (const event of [
          { kind: 'eval', code: 'x' },
          { kind: 'location', url: '//evil.test/' },
          { kind: 'location', url: 'https://evil.test/' },
          { kind: 'click', path: [[1, 'body']], extra: 1 },
          { kind: 'input', path: [[1, 'body']], value: 'v', checked: true },
          { kind: 'scroll', target: null, anchor: [], offset: NaN },
        ]) {
          assert.equal(await post(srv.port, ROUTES.sync, { ...body, event }), 400, JSON.stringify(event));
        }
        assert.equal(await post(srv.port, ROUTES.sync, { ...body, instance: 'another' }), 403);
      } finally {
        stream.close();
      }
    });
  });
  describe('the client (src/client/live/), for what the compiler cannot see', () => {
    it('takes every name from the protocol module, and spells none of them itself', () => {
      assert.ok(CLIENT.includes("from '../../core/live/protocol'"), 'the client imports the protocol');
      for (const key of Object.keys(TAG)) assert.ok(CLIENT.includes(`TAG.${key}`), `the client reads TAG.${key}`);
      for (const key of Object.keys(EVENTS_QUERY))
        assert.ok(CLIENT.includes(`EVENTS_QUERY.${key}`), `the client says EVENTS_QUERY.${key}`);
      for (const key of Object.keys(FRAME_MESSAGES))
        assert.ok(CLIENT.includes(`FRAME_MESSAGES.${key}`), `the client speaks FRAME_MESSAGES.${key}`);
      // The client's own route is the script's URL (it finds the others beside it).
      // MCP's route is for agents' clients, not for pages.
      for (const name of Object.keys(ROUTES).filter((n) => n !== 'prefix' && n !== 'client' && n !== 'mcp'))
        assert.ok(CLIENT.includes(`route('${name}')`), `the client uses ROUTES.${name}`);
      for (const name of ['PAGE_HEADER', 'PAGE_AGAIN_HEADER', 'GRANT_HEADER', 'LIVE_OFF_HEADER'])
        assert.ok(CLIENT.includes(`[${name}]`), `the client sends ${name}`);
      assert.ok(CLIENT.includes(`script[${EARLY_CONSOLE_ATTR}]`), 'the client removes the early tag by its attribute');
      // Nothing of the protocol written out by hand, where a rename would not reach it.
      assert.doesNotMatch(CLIENT, /getAttribute\('data-/, 'attributes by TAG');
      assert.doesNotMatch(CLIENT, /'\/__ferrox\//, 'routes by ROUTES');
      assert.doesNotMatch(CLIENT, /'X-Ferrox-/, 'headers by name');
      assert.doesNotMatch(CLIENT, /ferrox: '/, 'frame messages by FRAME_MESSAGES');
    });

    it('handles each kind of answer a backend page gets and each synced event', () => {
      for (const kind of ['morph', 'unchanged', 'error'] satisfies BackendPageUpdate['kind'][])
        assert.ok(CLIENT.includes(`kind === '${kind}'`), `the client handles ${kind}`);
      for (const kind of ['scroll', 'click', 'input', 'submit', 'location'] satisfies SyncEvent['kind'][]) {
        assert.ok(CLIENT.includes(`kind: '${kind}'`), `the client sends ${kind}`);
        assert.ok(CLIENT.includes(`kind === '${kind}'`), `the client applies ${kind}`);
      }
    });
  });
});
