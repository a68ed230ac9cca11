import * as vscode from 'vscode';
import type { BrowserMessage } from '../../core';
import { loadCore } from '../coreLoader';
import { BrowserProblems } from './browserProblems';
import { Disposable } from '../dispose';
import { printableChannel } from './printableLog';

/**
 * The "Ferrox: Browser" log channel: served pages' console messages, at their own level. It is
 * created on the first message, so activation stays cheap and users who never see a browser
 * error never see the channel. Each line names the page and, when the message came from a
 * served file, `file:line:col` (its original source's, by a source map), which VS Code turns into
 * a link to that file. Runtime errors also go to the Problems panel (BrowserProblems).
 */
export class BrowserLog extends Disposable {
  private channel: vscode.LogOutputChannel | undefined;
  private readonly problems = this._register(new BrowserProblems());

  /** `folder` names the server in the line; `servedRoot` is its folder on disk. */
  write(folder: string, m: BrowserMessage, servedRoot: string): void {
    this.problems.add(m, servedRoot);
    this.channel ??= this._register(
      printableChannel(vscode.window.createOutputChannel('Ferrox: Browser', { log: true })),
    );
    const at = loadCore().messageLocation(m);
    const line = `[${folder}] ${m.page}${m.device ? ` on ${m.device}` : ''}: ${m.message}${at ? ` (${at})` : ''}`;
    switch (m.level) {
      case 'error':
        this.channel.error(line);
        break;
      case 'warn':
        this.channel.warn(line);
        break;
      case 'debug':
        this.channel.debug(line);
        break;
      default:
        this.channel.info(line);
    }
  }

  show(): void {
    this.channel?.show(true);
  }
}
