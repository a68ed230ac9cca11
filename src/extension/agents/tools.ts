/**
 * Tools for agents in VS Code (language model tools): what pages of Ferrox's servers are open
 * where, and what their consoles said lately, mapped to workspace files and lines. Read-only:
 * they need no confirmation, and nothing runs in a page on an agent's behalf. Declared in
 * package.json (`languageModelTools`); registered where this VS Code has the API.
 */
import * as vscode from 'vscode';
import type { ConnectedPage } from '../../core';
import type { RecentMessages } from './recentMessages';

/** What the tools read of the running servers. */
export interface ToolHost {
  servers(): { folder: string; url: string; pages: readonly ConnectedPage[] }[];
  readonly messages: RecentMessages;
}

export const PAGES_TOOL = 'ferrox_pages';
export const CONSOLE_TOOL = 'ferrox_console';

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
