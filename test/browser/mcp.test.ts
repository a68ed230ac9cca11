import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Page } from 'playwright-core';
import { FerroxServer, newAccessToken, shareOptions } from '../../src/core';
import type { PageSnapshot, SnapshotElement } from '../../src/core/live';
import { lanAddress } from '../shared/net';
import { browserSuite, bundledSite, liveConnected, PHONE, until } from './browserHelpers';

const SOURCE = `// app.ts, bundled to dist/app.js with a source map
export function start(n: number): number {
  if (n > 1) console.error('broken on the phone', n);
  return n;
}
start(2);
`;
const PAGE =
  '<!doctype html><html><head><meta name="viewport" content="width=device-width"><title>signup</title></head>' +
  '<body><header><nav aria-label="Site"><a href="/">Home</a></nav></header><main><h1>Join</h1>' +
  '<form name="signup" method="post" action="/join"><label for="mail">Email</label><input id="mail" name="mail" type="email" required>' +
  '<label>Password <input name="pw" type="password" value="secret-value"></label>' +
  '<select name="plan" aria-label="Plan"><option>Free</option><option selected>Pro</option></select>' +
  '<button>Join now</button></form><p class="note big">Welcome aboard</p></main>' +
  '<script src="app.js"></script></body></html>\n';

type ToolAnswer = Record<string, unknown> & { error?: string };

/** A tool's answer (the JSON text it gives the model), and whether the protocol marked it an error. */
async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolAnswer> {
  const result = (await client.callTool({ name, arguments: args })) as {
    content: { type: string; text: string }[];
    isError?: boolean;
  };
  const answer = JSON.parse(result.content[0].text) as ToolAnswer;
  assert.equal(result.isError === true, answer.error !== undefined, JSON.stringify(result));
  return answer;
}

/** A raw POST to the MCP route: status and body. */
function post(
  url: string,
  headers: Record<string, string>,
  options: { localAddress?: string; host?: string } = {},
): Promise<{ status: number; body: string }> {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: options.host ?? u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        localAddress: options.localAddress,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('--mcp: the Model Context Protocol, with the official SDK client, against pages in Chromium', function () {
  this.timeout(60_000);
  const suite = browserSuite('mcp');
  let server: FerroxServer;
  let root: string;
  let base: string;
  let client: Client;
  let phone: Page;

  before(async () => {
    root = bundledSite(suite, SOURCE);
    fs.writeFileSync(path.join(root, 'index.html'), PAGE);
    fs.writeFileSync(path.join(root, 'other.html'), '<!doctype html><title>other</title><p>other page</p>\n');
    server = new FerroxServer({ root, port: 0, liveReload: true, mcp: true });
    server.setSourceRoots([suite.dir]);
    base = (await server.start()).url;
    suite.onClose(() => server.stop());
    const context = await suite.browser.newContext(PHONE);
    suite.onClose(() => context.close());
    phone = await context.newPage();
    await phone.goto(base);
    await liveConnected(phone);
    client = new Client({ name: 'ferrox-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL('/__ferrox/mcp', base)));
    suite.onClose(() => client.close());
  });

  it('lists the tools, with read-only ones marked so', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(
      tools.map((t) => [t.name, t.annotations?.readOnlyHint]),
      [
        ['ferrox_pages', true],
        ['ferrox_console', true],
        ['ferrox_snapshot', true],
        ['ferrox_navigate', false],
        ['ferrox_reload', false],
      ],
    );
    assert.equal(client.getServerVersion()?.name, 'ferrox');
  });

  it('ferrox_pages: the phone, its viewport and its id', async () => {
    const answer = (await call(client, 'ferrox_pages')) as {
      servers: { name: string; url: string; pages: { id: string; page: string; device: string; viewport: string }[] }[];
    };
    assert.equal(answer.servers.length, 1);
    assert.equal(answer.servers[0].name, 'dist');
    assert.equal(answer.servers[0].url, base);
    const [page] = answer.servers[0].pages;
    assert.deepEqual(
      { page: page.page, device: page.device, viewport: page.viewport },
      {
        page: '/',
        device: 'phone',
        viewport: `${PHONE.viewport.width}x${PHONE.viewport.height}`,
      },
    );
    assert.match(page.id, /^[a-z0-9]{1,32}$/);
  });

  it("ferrox_console: the page's error, mapped to its TypeScript source and line", async () => {
    let answer: { messages: Record<string, unknown>[] } = { messages: [] };
    await until('the error in the console tool', async () => {
      answer = (await call(client, 'ferrox_console')) as typeof answer;
      return answer.messages.length > 0;
    });
    const [m] = answer.messages;
    assert.deepEqual(
      { server: m.server, page: m.page, device: m.device, level: m.level, file: m.file, line: m.line },
      {
        server: 'dist',
        page: '/',
        device: 'phone (Chrome)',
        level: 'error',
        file: path.join(suite.dir, 'src', 'app.ts'),
        line: 3,
      },
    );
    assert.match(String(m.message), /broken on the phone 2/);
  });

  it('ferrox_snapshot: headings, landmarks, form labels (never a password), an element with its box and styles', async () => {
    const answer = (await call(client, 'ferrox_snapshot', {
      selector: 'p.note',
      styles: ['display', 'font-size'],
    })) as {
      snapshots: {
        device: string;
        snapshot: PageSnapshot & { element: SnapshotElement };
      }[];
    };
    const snap = answer.snapshots[0].snapshot;
    assert.equal(answer.snapshots[0].device, 'phone');
    assert.equal(snap.title, 'signup');
    assert.deepEqual(snap.headings, [{ level: 1, text: 'Join' }]);
    assert.deepEqual(snap.landmarks, [{ role: 'banner' }, { role: 'navigation', label: 'Site' }, { role: 'main' }]);
    assert.deepEqual(snap.forms, [
      {
        name: 'signup',
        action: new URL('/join', base).href,
        method: 'post',
        fields: [
          { tag: 'input', type: 'email', name: 'mail', label: 'Email', required: true },
          { tag: 'input', type: 'password', name: 'pw', label: 'Password' },
          { tag: 'select', name: 'plan', label: 'Plan', value: 'Pro' },
          { tag: 'button', type: 'submit', label: 'Join now' },
        ],
      },
    ]);
    assert.ok(!JSON.stringify(answer).includes('secret-value'), "a password's value never leaves the page");
    assert.match(snap.text, /^Home Join Email ?Password .*Welcome aboard$/);
    assert.deepEqual(
      { tag: snap.element.tag, classes: snap.element.classes, text: snap.element.text, styles: snap.element.styles },
      { tag: 'p', classes: ['note', 'big'], text: 'Welcome aboard', styles: { display: 'block', 'font-size': '16px' } },
    );
    assert.ok(
      snap.element.box.width > 0 && snap.element.box.width <= PHONE.viewport.width,
      JSON.stringify(snap.element),
    );
    assert.deepEqual(snap.omitted, []);
  });

  it('answers bad input clearly: a selector that is not CSS, one that matches nothing, a page that is gone, wrong types', async () => {
    const invalid = (await call(client, 'ferrox_snapshot', { selector: 'p[' })) as {
      snapshots: { snapshot: { element: { error: string } } }[];
    };
    assert.match(invalid.snapshots[0].snapshot.element.error, /^Not a valid CSS selector/);
    const none = (await call(client, 'ferrox_snapshot', { selector: 'table.none' })) as typeof invalid;
    assert.equal(none.snapshots[0].snapshot.element.error, 'No element matches this selector.');
    assert.match(String((await call(client, 'ferrox_snapshot', { page: 'gone123' })).error), /No open page is gone123/);
    const typed = (await call(client, 'ferrox_snapshot', { selector: 42 })) as { snapshots: { error?: string }[] };
    assert.match(String(typed.snapshots[0].error), /selector must be a CSS selector/);
    assert.match(
      String((await call(client, 'ferrox_navigate', { path: '//evil.example/' })).error),
      /leave the server's origin/,
    );
    assert.match(String((await call(client, 'ferrox_console', { server: 'other' })).error), /No server runs for other/);
    assert.match(String((await call(client, 'no_such_tool')).error), /No tool is named no_such_tool/);
  });

  it('a page that stops answering mid-snapshot, and one that goes, end with a sentence, not a hang', async () => {
    const context = await suite.browser.newContext();
    try {
      const busy = await context.newPage();
      await busy.goto(new URL('other.html', base).href);
      await liveConnected(busy);
      // The page's script is stuck for longer than the server waits (a phone asleep runs none at all).
      await busy.evaluate(() => {
        setTimeout(() => {
          const end = Date.now() + 7000;
          while (Date.now() < end);
        }, 0);
      });
      const started = Date.now();
      const slow = (await call(client, 'ferrox_snapshot', { page: '/other.html' })) as {
        snapshots: { error?: string }[];
      };
      assert.match(String(slow.snapshots[0].error), /did not answer within 5 s/);
      // Bounded: the server's 5 s wait, not the page's 7 s loop (generous for a busy machine).
      assert.ok(Date.now() - started < 15_000, `ended after ${Date.now() - started} ms`);

      const going = await context.newPage();
      await going.goto(new URL('other.html', base).href);
      await liveConnected(going);
      const asked = call(client, 'ferrox_snapshot', { page: '/other.html' });
      await going.close();
      const gone = (await asked) as { snapshots: { error?: string; snapshot?: unknown }[] };
      assert.ok(
        gone.snapshots.every(
          (s) => s.snapshot !== undefined || /went away|no longer open|did not answer/.test(String(s.error)),
        ),
        JSON.stringify(gone),
      );
    } finally {
      await context.close();
    }
  });

  it('a 50,000-element page: bounded in size and time, and says what it left out', async () => {
    const rows = Array.from({ length: 12_500 }, (_, i) => `<div><h3>Row ${i}</h3><span>cell ${i}</span><b>x</b></div>`);
    fs.writeFileSync(path.join(root, 'big.html'), `<!doctype html><title>big</title>${rows.join('')}\n`);
    const context = await suite.browser.newContext();
    try {
      const big = await context.newPage();
      await big.goto(new URL('big.html', base).href);
      await liveConnected(big);
      const started = Date.now();
      const answer = (await call(client, 'ferrox_snapshot', { page: '/big.html' })) as {
        snapshots: { snapshot: { elements: number; text: string; headings: unknown[]; omitted: string[] } }[];
      };
      const took = Date.now() - started;
      const snap = answer.snapshots[0].snapshot;
      assert.ok(snap.elements >= 50_000, String(snap.elements));
      assert.ok(snap.text.length <= 20_001, String(snap.text.length));
      // At most 100 (fewer when a busy machine runs out the 400 ms budget first); either way it says so.
      assert.ok(snap.headings.length <= 100, String(snap.headings.length));
      assert.ok(
        snap.omitted.some((o) => /^text after 20,000 of [\d,]+ characters$/.test(o)),
        snap.omitted.join('; '),
      );
      assert.ok(
        snap.omitted.some((o) => /headings$/.test(o)),
        snap.omitted.join('; '),
      );
      assert.ok(JSON.stringify(answer).length < 64 * 1024, `${JSON.stringify(answer).length} bytes`);
      console.log(`      50,000 elements: snapshot in ${took} ms, ${JSON.stringify(answer).length} bytes`);
    } finally {
      await context.close();
    }
  });

  it('ferrox_navigate and ferrox_reload take the phone elsewhere, then reload it', async () => {
    const moved = await call(client, 'ferrox_navigate', { path: '/other.html' });
    assert.ok(Number(moved.navigated) >= 1, JSON.stringify(moved));
    await phone.waitForURL(/\/other\.html$/);
    await liveConnected(phone);
    await phone.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    const reloaded = await call(client, 'ferrox_reload', { page: '/other.html' });
    assert.equal(reloaded.reloaded, 1);
    await phone.waitForFunction(() => (window as unknown as { marker?: number }).marker === undefined);
  });

  it('refuses another origin, a foreign Host, a browser of this origin, and a client on another machine while shared', async () => {
    const mcp = new URL('/__ferrox/mcp', base).href;
    assert.equal((await post(mcp, {})).status, 200, 'a plain MCP client on this machine');
    const evil = await post(mcp, { Origin: 'http://evil.example' });
    assert.equal(evil.status, 403);
    assert.match(evil.body, /only the pages of this server/, "the pipeline's own rule for /__ferrox/ comes first");
    const unsure = await post(mcp, { Origin: 'null' });
    assert.equal(unsure.status, 403);
    const same = await post(mcp, { Origin: new URL(base).origin });
    assert.equal(same.status, 403, 'not even a page of this origin');
    assert.match(JSON.parse(same.body).error.message, /for MCP clients: a web page \(of any origin\) may not reach it/);
    assert.equal((await post(mcp, { 'Sec-Fetch-Site': 'same-origin', 'Sec-Fetch-Mode': 'cors' })).status, 403);
    const fromPage = await phone.evaluate(
      async (url) => (await fetch(url, { method: 'POST', body: '{}' })).status,
      mcp,
    );
    assert.equal(fromPage, 403, "a served page's own script");
    assert.equal((await post(mcp, { Host: 'rebound.example:80' })).status, 403, 'DNS rebinding: the guard');
    assert.equal((await post(mcp, { 'X-Forwarded-For': '203.0.113.7' })).status, 403, 'through a proxy');

    const lan = lanAddress();
    if (!lan) return void console.log('      (no LAN address here: the shared case is left out)');
    const token = newAccessToken();
    await server.reconfigure(shareOptions({ root, liveReload: true, mcp: true, port: 0 }, token));
    const shared = `http://${lan}:${server.address!.port}/__ferrox/mcp`;
    const remote = await post(shared, { Authorization: `Bearer ${token}` }, { localAddress: lan });
    assert.equal(remote.status, 403, 'a participant holding the token, from another machine');
    assert.match(JSON.parse(remote.body).error.message, /served to this machine only/);
    const local = await post(new URL('/__ferrox/mcp', server.address!.url).href, {});
    assert.equal(
      local.status,
      200,
      'an MCP client on this machine needs no token: it keeps working when sharing begins',
    );
  });
});
