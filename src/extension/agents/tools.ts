/**
 * Tools for agents in VS Code (language model tools): what pages of Ferrox's servers are open
 * where, and what their consoles said lately, mapped to workspace files and lines (read-only: no
 * confirmation); and, with the user's confirmation, taking the pages to another path. Nothing runs
 * in a page on an agent's behalf. Declared in
 * package.json (`languageModelTools`); registered where this VS Code has the API.
 */
import * as vscode from 'vscode';
import type { ConnectedPage } from '../../core';
import type { RecentMessages } from './recentMessages';

/** What the tools read of the running servers, and the one thing they may do: take pages somewhere. */
export interface ToolHost {
  servers(): { folder: string; url: string; pages: readonly ConnectedPage[] }[];
  readonly messages: RecentMessages;
  /** Takes the pages of `folder`'s server to `path`: sent, refused (the path would leave the origin), or gone (it stopped meanwhile). */
  navigate(folder: string, path: string): 'sent' | 'refused' | 'gone';
}

export const PAGES_TOOL = 'ferrox_pages';
export const CONSOLE_TOOL = 'ferrox_console';
export const NAVIGATE_TOOL = 'ferrox_navigate';

interface NavigateInput {
  /** A URL path on the server (`/about.html`). */
  path?: string;
  /** The workspace folder whose server it is; the only one running when left out. */
  server?: string;
}

/**
 * Takes the open pages of a server to a path, after the user agrees (the confirmation VS Code
 * shows in chat). A clear answer for each thing that cannot be done; it never throws at the model.
 */
export function navigateTool(host: ToolHost): vscode.LanguageModelTool<NavigateInput> {
  const target = (input: NavigateInput) => {
    const servers = host.servers();
    const named = typeof input.server === 'string' ? servers.find((s) => s.folder === input.server) : undefined;
    const server = named ?? (input.server === undefined && servers.length === 1 ? servers[0] : undefined);
    return { servers, server };
  };
  return {
    prepareInvocation: (options) => {
      const { server } = target(options.input);
      const path = String(options.input.path ?? '');
      return {
        invocationMessage: `Taking the pages to ${path}`,
        confirmationMessages: {
          title: 'Take the open pages to another page?',
          // Plain text: the path comes from the model and is shown, never rendered as Markdown.
          message: `Ferrox will take every page of ${server ? `the server of ${server.folder}` : 'the server'} open in a browser, on every device, to ${path}.`,
        },
      };
    },
    invoke: (options) => {
      const input = options.input ?? {};
      const { servers, server } = target(input);
      const path = input.path;
      if (typeof path !== 'string' || !path.startsWith('/'))
        return result({ error: 'path must be a URL path on the server, such as /index.html' });
      if (servers.length === 0) return result({ error: 'No Ferrox server is running.' });
      if (!server)
        return result({
          error:
            input.server === undefined
              ? `Several servers run: name one of ${servers.map((s) => s.folder).join(', ')} as server.`
              : `No server runs for ${input.server}: the running ones are ${servers.map((s) => s.folder).join(', ')}.`,
        });
      const pages = server.pages.filter((p) => !p.stale).length;
      if (pages === 0) return result({ error: `No page of ${server.folder}'s server is open.` });
      const sent = host.navigate(server.folder, path);
      if (sent === 'gone') return result({ error: `${server.folder}'s server stopped.` });
      if (sent === 'refused')
        return result({ error: `${path} would leave the server's origin: pages go only to its own paths.` });
      return result({ navigated: pages, server: server.folder, path });
    },
  };
}

interface ConsoleInput {
  /** A page's path (`/index.html`): its messages alone. */
  page?: string;
  /** Every level, not only errors and warnings. */
  all?: boolean;
  limit?: number;
}

function result(value: unknown): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(JSON.stringify(value, null, 1))]);
}

export function registerTools(host: ToolHost): vscode.Disposable[] {
  if (typeof vscode.lm?.registerTool !== 'function') return [];
  return [
    vscode.lm.registerTool<Record<string, never>>(PAGES_TOOL, {
      invoke: () =>
        result({
          servers: host.servers().map((s) => ({
            folder: s.folder,
            url: s.url,
            pages: s.pages.map((p) => ({
              page: p.page,
              device: p.device,
              browser: p.browser,
              ...(p.viewport ? { viewport: `${p.viewport.width}x${p.viewport.height}` } : {}),
              ...(p.framed ? { framed: true } : {}),
            })),
          })),
        }),
    }),
    vscode.lm.registerTool<NavigateInput>(NAVIGATE_TOOL, navigateTool(host)),
    vscode.lm.registerTool<ConsoleInput>(CONSOLE_TOOL, {
      invoke: (options) => {
        const input = options.input ?? {};
        const limit = typeof input.limit === 'number' && Number.isFinite(input.limit) ? input.limit : undefined;
        const page = typeof input.page === 'string' ? input.page : undefined;
        return result({ messages: host.messages.list({ all: input.all === true, page, limit }) });
      },
    }),
  ];
}
