import * as vscode from 'vscode';
import { loadCore } from '../coreLoader';
import { Disposable } from '../dispose';
import { shown } from './printableLog';
import type { ServerSession } from '../session';

/** Which session the status bar speaks for, and how many servers run. */
export interface StatusModel {
  active: ServerSession | undefined;
  runningCount: number;
}

/**
 * The status bar toggle: "$(broadcast) Go Live" when stopped, "$(radio-tower) host:port" when
 * running, a spinner while starting or stopping, and an error state whose tooltip says why.
 */
export class StatusBar extends Disposable {
  private readonly item = this._register(
    vscode.window.createStatusBarItem('ferrox.status', vscode.StatusBarAlignment.Right, 100),
  );

  constructor() {
    super();
    this.item.name = 'Ferrox';
    this.item.command = 'ferrox.toggle';
    this.render({ active: undefined, runningCount: 0 });
    this.item.show();
  }

  render({ active, runningCount }: StatusModel): void {
    const item = this.item;
    item.backgroundColor = undefined;
    item.accessibilityInformation = undefined;
    const more = runningCount > 1 ? ` (${runningCount} running)` : '';
    switch (active?.state ?? 'stopped') {
      case 'starting':
        item.text = '$(loading~spin) Ferrox';
        item.tooltip = `Starting a server for ${active?.folder.name}…`;
        break;
      case 'stopping':
        item.text = '$(loading~spin) Ferrox';
        item.tooltip = `Stopping the server for ${active?.folder.name}…`;
        break;
      case 'running': {
        const address = active?.address;
        const shared = active?.shareLinks;
        const backend = active?.backend;
        const down = backend !== undefined && backend.state !== 'running';
        item.text = `${shared ? '$(globe)' : '$(radio-tower)'} ${address ? hostPort(address.url) : 'Ferrox'}${shared ? ' shared' : ''}${down ? ' $(warning)' : ''}${more}`;
        item.tooltip = new vscode.MarkdownString(
          `Ferrox is serving **${escapeMd(active?.folder.name ?? '')}** at ${escapeMd(localLink(active?.externalUrl ?? address?.url ?? ''))}` +
            (backend ? `\n\nBackend \`${backend.command.replace(/`/g, "'")}\`: ${BACKEND_STATES[backend.state]}` : '') +
            (shared ? '\n\n**Shared on your network** with an access token (Ferrox: Stop Sharing ends it).' : '') +
            (active?.pages.length
              ? `\n\nWatching: ${escapeMd(shown(loadCore().describePages(active.pages), false))}`
              : '') +
            (runningCount > 1 ? `\n\n${runningCount} servers are running.` : '') +
            '\n\nClick to stop.',
        );
        // What a screen reader says: the same, as plain words (no Markdown escapes such as 127\.0\.0\.1).
        item.accessibilityInformation = {
          role: 'button',
          label: shown(
            `Ferrox is serving ${active?.folder.name ?? ''} at ${localLink(active?.externalUrl ?? address?.url ?? '')}.` +
              (backend ? ` Backend: ${BACKEND_STATES[backend.state]}.` : '') +
              (shared ? ' Shared on your network with an access token.' : '') +
              (runningCount > 1 ? ` ${runningCount} servers are running.` : '') +
              ' Click to stop.',
            false,
          ),
        };
        return;
      }
      case 'failed':
        item.text = '$(error) Ferrox';
        item.tooltip = `Ferrox could not start: ${active?.error ?? 'unknown error'}. Click to try again.`;
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
      default:
        // An invitation, as users of other live servers know it, rather than the product's name.
        item.text = `$(broadcast) Go Live${runningCount > 0 ? more || ` (${runningCount} running)` : ''}`;
        item.tooltip = 'Ferrox: click to serve the workspace folder, with live reload.';
    }
  }
}

/** The backend's state, as the tooltip says it. */
const BACKEND_STATES = {
  running: 'running',
  starting: 'starting…',
  exited: '**exited**; Ferrox starts it again (its output is in "Ferrox: Backend")',
  stopped: 'stopped',
} as const;

function hostPort(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** A URL without its access token: a tooltip is no place for a secret. */
function localLink(url: string): string {
  try {
    const u = new URL(url);
    u.searchParams.delete('token');
    return u.toString();
  } catch {
    return url;
  }
}

function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}
