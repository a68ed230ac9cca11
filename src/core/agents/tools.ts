/**
 * The tools agents get, one definition for every front: VS Code's language model tools
 * (package.json declares the same names, descriptions and schemas; a unit test holds them equal)
 * and the Model Context Protocol (`--mcp`). Read-only tools see the open pages, their console and
 * what they show; two tools change what the pages show (navigate, reload), and each front asks
 * the user first (VS Code's confirmation; an MCP client's approval, by the tools' annotations).
 * Nothing runs script in a page on an agent's behalf: a snapshot is the client's own routine.
 * Every answer is a plain object; a tool never throws at the model.
 */
import * as path from 'node:path';
import type { ConnectedPage, SnapshotAnswer, SnapshotQuery } from '../live';
import type { ReportedMessage } from './recentMessages';

/** A running server, as the tools see it. */
export interface AgentServer {
  /** What names it: the workspace folder in VS Code, the served folder's name in the CLI. */
  name: string;
  url: string;
  pages: readonly ConnectedPage[];
  messages(options: { all?: boolean; page?: string; limit?: number }): ReportedMessage[];
}

/** What the tools read of the running servers, and what they may do to their pages. */
export interface AgentHost {
  servers(): AgentServer[];
  /** Takes the pages of `server` to `path`: sent, refused (the path would leave the origin), or gone (it stopped meanwhile). */
  navigate(server: string, path: string): 'sent' | 'refused' | 'gone';
  /** Reloads the page loads named; how many heard it, or gone. */
  reload(server: string, pageIds: readonly string[]): number | 'gone';
  snapshot(server: string, pageId: string, query: SnapshotQuery): Promise<SnapshotAnswer>;
}

/** One running server as the MCP endpoint sees it (a FerroxServer): the tools' host is made from it. */
export interface OneServer {
  readonly address: { url: string } | undefined;
  readonly pages: readonly ConnectedPage[];
  readonly servedFolder: string;
  readonly recentMessages: { list(options: { all?: boolean; page?: string; limit?: number }): ReportedMessage[] };
  navigate(target: { path: string }): boolean;
  reload(pageIds: readonly string[]): number;
  snapshot(pageId: string, query: SnapshotQuery): Promise<SnapshotAnswer>;
}

/** The tools' host for one server (`--mcp`): named after its folder; gone while it is stopped. */
export function oneServerHost(server: OneServer): AgentHost {
  return {
    servers: () => {
      const address = server.address;
      if (!address) return [];
      const name = path.basename(server.servedFolder) || server.servedFolder;
      return [{ name, url: address.url, pages: server.pages, messages: (o) => server.recentMessages.list(o) }];
    },
    navigate: (_name, urlPath) => (!server.address ? 'gone' : server.navigate({ path: urlPath }) ? 'sent' : 'refused'),
    reload: (_name, ids) => (!server.address ? 'gone' : server.reload(ids)),
    snapshot: (_name, id, query) => server.snapshot(id, query),
  };
}

/** The JSON Schema of a tool's input (an object). */
export interface InputSchema {
  type: 'object';
  properties: Record<string, { type: string; description: string; items?: { type: string } }>;
  required?: string[];
}

export interface AgentTool {
  name: string;
  /** A short title (VS Code's displayName). */
  title: string;
  /** What the model reads (VS Code's modelDescription). */
  description: string;
  inputSchema: InputSchema;
  readOnly: boolean;
  /** For a tool that changes what pages show: what the user is asked to agree to, in plain text. */
  confirmation?(input: Record<string, unknown>, host: AgentHost): { title: string; message: string };
  run(host: AgentHost, input: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** At most this many pages are snapshotted at once (every device showing a page). */
export const MAX_SNAPSHOT_PAGES = 6;

const SERVER_PARAM = {
  type: 'string',
  description: 'The server, by the name ferrox_pages gives it; needed only when several run.',
};
const PAGE_PARAM = {
  type: 'string',
  description:
    'A page: its id from ferrox_pages (one tab on one device), or a path such as /index.html (every device showing it). Every open page when left out.',
};

type Picked = { server: AgentServer } | { error: string };

/** The server `name` names, or the only one running. */
function pickServer(host: AgentHost, name: unknown): Picked {
  const servers = host.servers();
  if (servers.length === 0) return { error: 'No Ferrox server is running.' };
  if (name !== undefined && typeof name !== 'string') return { error: 'server must be a string.' };
  const server =
    name === undefined ? (servers.length === 1 ? servers[0] : undefined) : servers.find((s) => s.name === name);
  if (server) return { server };
  const names = servers.map((s) => s.name).join(', ');
  return {
    error:
      name === undefined
        ? `Several servers run: name one of ${names} as server.`
        : `No server runs for ${name}: the running ones are ${names}.`,
  };
}

/** The current (not reloading) pages `page` names: an id, or a path; all of them when undefined. */
function pickPages(server: AgentServer, page: unknown): { pages: ConnectedPage[] } | { error: string } {
  if (page !== undefined && typeof page !== 'string') return { error: 'page must be a page id or a path.' };
  const open = server.pages.filter((p) => !p.stale);
  if (open.length === 0)
    return { error: `No page of ${server.name}'s server is open (open ${server.url} in a browser).` };
  if (page === undefined) return { pages: open };
  const byId = open.filter((p) => p.id === page);
  const pages = byId.length > 0 ? byId : open.filter((p) => p.page === page);
  if (pages.length > 0) return { pages };
  return {
    error: `No open page is ${page}. Open now: ${open.map((p) => `${p.id} (${p.page}, ${p.device})`).join(', ')}.`,
  };
}

/** The server `input.server` names (or the only one) and the pages `input.page` names there (all of them when none). */
function pickTarget(
  host: AgentHost,
  input: Record<string, unknown>,
): { server: AgentServer; pages: ConnectedPage[] } | { error: string } {
  const picked = pickServer(host, input.server);
  if ('error' in picked) return picked;
  const found = pickPages(picked.server, input.page);
  return 'error' in found ? found : { server: picked.server, pages: found.pages };
}

function describePage(p: ConnectedPage): Record<string, unknown> {
  return {
    id: p.id,
    page: p.page,
    device: p.device,
    browser: p.browser,
    ...(p.viewport ? { viewport: `${p.viewport.width}x${p.viewport.height}` } : {}),
    ...(p.framed ? { framed: true } : {}),
  };
}

const pagesTool: AgentTool = {
  name: 'ferrox_pages',
  title: 'Ferrox: Open Pages',
  description:
    "Lists the servers Ferrox runs (name, URL) and the pages connected to each for live reload: each page's id, its path, the device kind (phone, tablet, desktop), the browser and the viewport in CSS pixels, and whether it is framed (the editor's preview). Use it to learn where the user is looking at the site, on this machine and on phones; the ids name pages for ferrox_snapshot and ferrox_reload. Read-only.",
  inputSchema: { type: 'object', properties: {} },
  readOnly: true,
  run: async (host) => ({
    servers: host.servers().map((s) => ({
      name: s.name,
      url: s.url,
      pages: s.pages.filter((p) => !p.stale).map(describePage),
    })),
  }),
};

const consoleTool: AgentTool = {
  name: 'ferrox_console',
  title: 'Ferrox: Page Console',
  description:
    "Returns the latest console messages of pages served by Ferrox, on every device, newest first: console.error and console.warn calls, uncaught errors and unhandled rejections (with `all`, every level). Each names its server, the page's path, the device, the time, the message, and where it came from: the file (its original source by a source map, as a path relative to the served folder when inside it) with line and column, or the script's URL. Read-only.",
  inputSchema: {
    type: 'object',
    properties: {
      page: { type: 'string', description: 'Only the messages of this page path, such as /index.html.' },
      all: { type: 'boolean', description: 'Every level (log, info, debug too), not only errors and warnings.' },
      limit: { type: 'number', description: 'At most this many messages (default 50, at most 200).' },
      server: SERVER_PARAM,
    },
  },
  readOnly: true,
  run: async (host, input) => {
    const limit = typeof input.limit === 'number' && Number.isFinite(input.limit) ? input.limit : undefined;
    const page = typeof input.page === 'string' ? input.page : undefined;
    let picked = host.servers();
    if (input.server !== undefined) {
      const one = pickServer(host, input.server);
      if ('error' in one) return one;
      picked = [one.server];
    }
    const messages = picked
      .flatMap((s) => s.messages({ all: input.all === true, page, limit }).map((m) => ({ server: s.name, ...m })))
      .sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0))
      .slice(0, Math.max(1, Math.min(limit ?? 50, 200)));
    return { messages };
  },
};

const snapshotTool: AgentTool = {
  name: 'ferrox_snapshot',
  title: 'Ferrox: Page Snapshot',
  description:
    "Describes what an open page shows, on each device showing it (a phone's as well as this machine's): its URL, title, viewport and scroll, the visible text, the headings, the landmarks, and the forms with each field's label, type, name and value (never a password's). With `selector`, also the first element it matches: tag, id, classes, text, its box in CSS pixels, whether it is visible, and its computed styles (`styles` names which; a default set otherwise). Bounded in size: `omitted` says what was left out. Nothing runs in the page but Ferrox's own client. Read-only.",
  inputSchema: {
    type: 'object',
    properties: {
      page: PAGE_PARAM,
      selector: { type: 'string', description: 'A CSS selector: its first element is described too.' },
      styles: {
        type: 'array',
        items: { type: 'string' },
        description: 'Computed style properties to give for the selector\'s element, such as ["display", "color"].',
      },
      server: SERVER_PARAM,
    },
  },
  readOnly: true,
  run: async (host, input) => {
    const found = pickTarget(host, input);
    if ('error' in found) return found;
    const { server } = found;
    const query: SnapshotQuery = {
      ...(input.selector !== undefined ? { selector: input.selector as string } : {}),
      ...(input.styles !== undefined ? { styles: input.styles as string[] } : {}),
    };
    const pages = found.pages.slice(0, MAX_SNAPSHOT_PAGES);
    const snapshots = await Promise.all(
      pages.map(async (p) => ({ ...describePage(p), ...(await host.snapshot(server.name, p.id, query)) })),
    );
    return {
      server: server.name,
      snapshots,
      ...(found.pages.length > pages.length
        ? { omitted: `${found.pages.length - pages.length} more pages: name one by its id` }
        : {}),
    };
  },
};

const navigateTool: AgentTool = {
  name: 'ferrox_navigate',
  title: 'Ferrox: Take Pages To',
  description:
    'Takes every page of a Ferrox server that is open in a browser (on this machine and on other devices, such as phones) to another path of the same server, after the user confirms. Use it to show the user a page you changed. `path` is a URL path on the server (/about.html); `server` names the server when several run. Answers how many pages went, or why none did (no server, no open page, a path that would leave the server).',
  inputSchema: {
    type: 'object',
    properties: {
      path: { type: 'string', description: 'A URL path on the server, such as /about.html.' },
      server: SERVER_PARAM,
    },
    required: ['path'],
  },
  readOnly: false,
  confirmation: (input, host) => {
    const picked = pickServer(host, input.server);
    return {
      title: 'Take the open pages to another page?',
      // Plain text: the path comes from the model and is shown, never rendered as Markdown.
      message: `Ferrox will take every page of ${'server' in picked ? `the server of ${picked.server.name}` : 'the server'} open in a browser, on every device, to ${String(input.path ?? '')}.`,
    };
  },
  run: async (host, input) => {
    const path = input.path;
    if (typeof path !== 'string' || !path.startsWith('/'))
      return { error: 'path must be a URL path on the server, such as /index.html' };
    // Every page of the server goes: a page named in the input is not asked for.
    const found = pickTarget(host, { server: input.server });
    if ('error' in found) return found;
    const { server } = found;
    const sent = host.navigate(server.name, path);
    if (sent === 'gone') return { error: `${server.name}'s server stopped.` };
    if (sent === 'refused')
      return { error: `${path} would leave the server's origin: pages go only to its own paths.` };
    return { navigated: found.pages.length, server: server.name, path };
  },
};

const reloadTool: AgentTool = {
  name: 'ferrox_reload',
  title: 'Ferrox: Reload Pages',
  description:
    'Reloads open pages of a Ferrox server, on every device, after the user confirms: one page by its id from ferrox_pages, every device showing a path, or every open page. Use it when a change did not reach a page by itself (state a script built, a service worker). Answers how many pages reloaded, or why none did.',
  inputSchema: { type: 'object', properties: { page: PAGE_PARAM, server: SERVER_PARAM } },
  readOnly: false,
  confirmation: (input, host) => {
    const picked = pickServer(host, input.server);
    const which = typeof input.page === 'string' ? `the open page ${input.page}` : 'every open page';
    return {
      title: 'Reload the open pages?',
      message: `Ferrox will reload ${which} of ${'server' in picked ? `the server of ${picked.server.name}` : 'the server'}, on every device. What a page holds that it does not keep (unsent form input, scripts' state) is lost.`,
    };
  },
  run: async (host, input) => {
    const found = pickTarget(host, input);
    if ('error' in found) return found;
    const { server } = found;
    const heard = host.reload(
      server.name,
      found.pages.map((p) => p.id),
    );
    if (heard === 'gone') return { error: `${server.name}'s server stopped.` };
    return { reloaded: heard, server: server.name, pages: found.pages.map(describePage) };
  },
};

/** Every tool, in the order fronts list them. */
export const AGENT_TOOLS: readonly AgentTool[] = [pagesTool, consoleTool, snapshotTool, navigateTool, reloadTool];

/** Runs the tool `name`: its answer, or a plain error; never a throw. */
export async function runAgentTool(host: AgentHost, name: string, input: unknown): Promise<Record<string, unknown>> {
  const tool = AGENT_TOOLS.find((t) => t.name === name);
  if (!tool) return { error: `No tool is named ${name}.` };
  const given =
    typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  try {
    return await tool.run(host, given);
  } catch (err) {
    return { error: `${name} failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}
