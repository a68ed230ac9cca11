import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AGENT_TOOLS, runAgentTool, type AgentHost, type AgentServer } from '../../../src/core/agents';
import type { ConnectedPage } from '../../../src/core/live';

const page = (id: string, p: string, device: ConnectedPage['device'] = 'desktop', extra: Partial<ConnectedPage> = {}) =>
  ({ id, page: p, device, browser: 'Chrome', deviceId: device, ...extra }) as ConnectedPage;

/** A host with two servers, recording what the tools asked of it. */
function host(servers: AgentServer[]): AgentHost & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    servers: () => servers,
    navigate: (s, p) => (asked.push(`navigate ${s} ${p}`), p.startsWith('//') ? 'refused' : 'sent'),
    reload: (s, ids) => (asked.push(`reload ${s} ${ids.join(',')}`), ids.length),
    snapshot: async (s, id, q) => (asked.push(`snapshot ${s} ${id} ${JSON.stringify(q)}`), { error: 'asked' }),
  };
}

const site = (name: string, pages: ConnectedPage[]): AgentServer => ({
  name,
  url: `http://127.0.0.1/${name}/`,
  pages,
  messages: () => [],
});

describe("agents' tools (one definition for VS Code and MCP)", () => {
  it("package.json declares exactly the core's tools: names, titles, descriptions and schemas", () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as {
      contributes: { languageModelTools: Record<string, unknown>[] };
    };
    const declared = pkg.contributes.languageModelTools.map((t) => ({
      name: t.name,
      title: t.displayName,
      description: t.modelDescription,
      inputSchema: t.inputSchema,
    }));
    assert.deepEqual(
      declared,
      AGENT_TOOLS.map((t) => ({
        name: t.name,
        title: t.title,
        description: t.description,
        inputSchema: t.inputSchema,
      })),
    );
  });

  it('names the server to use when several run, and says which run', async () => {
    const h = host([site('alpha', [page('a1', '/')]), site('beta', [])]);
    assert.match(
      String((await runAgentTool(h, 'ferrox_snapshot', {})).error),
      /Several servers run: name one of alpha, beta/,
    );
    assert.match(
      String((await runAgentTool(h, 'ferrox_reload', { server: 'gamma' })).error),
      /No server runs for gamma: the running ones are alpha, beta/,
    );
    assert.match(
      String((await runAgentTool(h, 'ferrox_navigate', { path: '/x', server: 'beta' })).error),
      /No page of beta's server is open \(open http:\/\/127\.0\.0\.1\/beta\/ in a browser\)/,
    );
    assert.match(String((await runAgentTool(host([]), 'ferrox_pages', {})).servers), /^$/);
    assert.match(String((await runAgentTool(host([]), 'ferrox_snapshot', {})).error), /No Ferrox server is running/);
    assert.deepEqual(h.asked, [], 'nothing was sent anywhere');
  });

  it('picks pages by id, else by path (every device showing it); stale pages are not counted', async () => {
    const h = host([
      site('alpha', [
        page('d1', '/about.html'),
        page('p1', '/about.html', 'phone'),
        page('x9', '/', 'desktop'),
        page('old', '/about.html', 'desktop', { stale: true }),
      ]),
    ]);
    await runAgentTool(h, 'ferrox_snapshot', { page: 'p1', selector: 'h1' });
    await runAgentTool(h, 'ferrox_reload', { page: '/about.html' });
    const answer = await runAgentTool(h, 'ferrox_reload', { page: '/missing' });
    assert.match(
      String(answer.error),
      /No open page is \/missing\. Open now: d1 \(\/about\.html, desktop\), p1 \(\/about\.html, phone\), x9 \(\/, desktop\)/,
    );
    assert.deepEqual(h.asked, ['snapshot alpha p1 {"selector":"h1"}', 'reload alpha d1,p1']);
  });

  it('bad input is a sentence, never a throw: wrong types, an unknown tool, a path off the origin, a host that throws', async () => {
    const h = host([site('alpha', [page('a1', '/')])]);
    assert.match(
      String((await runAgentTool(h, 'ferrox_navigate', { path: 'http://evil.example/' })).error),
      /must be a URL path/,
    );
    assert.match(
      String((await runAgentTool(h, 'ferrox_navigate', { path: '//evil.example/' })).error),
      /would leave the server's origin/,
    );
    assert.match(
      String((await runAgentTool(h, 'ferrox_snapshot', { page: 7 })).error),
      /page must be a page id or a path/,
    );
    assert.match(String((await runAgentTool(h, 'ferrox_pages', { server: 7 })).servers), /object/);
    assert.match(String((await runAgentTool(h, 'nope', {})).error), /No tool is named nope/);
    assert.deepEqual(await runAgentTool(h, 'ferrox_console', 'not an object'), { messages: [] });
    const throwing = { ...h, snapshot: () => Promise.reject(new Error('socket hang up')) };
    assert.match(
      String((await runAgentTool(throwing, 'ferrox_snapshot', {})).error),
      /ferrox_snapshot failed: socket hang up/,
    );
  });

  it('at most six pages are snapshotted at once, and the answer says how many more there are', async () => {
    const pages = Array.from({ length: 9 }, (_, i) => page(`p${i}`, '/'));
    const answer = await runAgentTool(host([site('alpha', pages)]), 'ferrox_snapshot', {});
    assert.equal((answer.snapshots as unknown[]).length, 6);
    assert.equal(answer.omitted, '3 more pages: name one by its id');
  });

  it('asks the user first for what changes pages, naming the server and the path as plain text', () => {
    const h = host([site('alpha', [])]);
    const navigate = AGENT_TOOLS.find((t) => t.name === 'ferrox_navigate')!;
    assert.deepEqual(navigate.confirmation!({ path: '/**bold**' }, h), {
      title: 'Take the open pages to another page?',
      message: 'Ferrox will take every page of the server of alpha open in a browser, on every device, to /**bold**.',
    });
    assert.deepEqual(
      AGENT_TOOLS.filter((t) => !t.readOnly).map((t) => [t.name, typeof t.confirmation]),
      [
        ['ferrox_navigate', 'function'],
        ['ferrox_reload', 'function'],
      ],
    );
  });
});
