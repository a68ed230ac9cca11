import * as vscode from 'vscode';
import { BackendConsent, visibleCommand } from './backendConsent';
import { loadCore } from '../coreLoader';
import { Disposable } from '../dispose';
import { printableChannel, shown } from '../output/printableLog';
import type { BackendHost } from '../session';

/**
 * The extension's side of the backends Ferrox runs: the "Ferrox: Backend" output channel (made
 * when a backend first writes), the question before a workspace's command runs, and the notice
 * when one does not.
 */
export class BackendChannel extends Disposable implements BackendHost {
  private channel: vscode.LogOutputChannel | undefined;
  readonly consent: BackendConsent;

  constructor(workspaceState: vscode.Memento) {
    super();
    this.consent = new BackendConsent(workspaceState, askToRun);
  }

  allows(folder: vscode.WorkspaceFolder, command: string): Promise<boolean> {
    return this.consent.allows(folder.uri.toString(), folder.name, command);
  }

  /** The backend's own line, marked as its. */
  output(folder: vscode.WorkspaceFolder, line: string): void {
    this.write(folder, `backend | ${loadCore().printableOutput(line)}`);
  }

  /** Ferrox's address comes first: the backend's own, in its lines below, has no live reload. */
  announce(folder: vscode.WorkspaceFolder, url: string): void {
    this.write(
      folder,
      `Ferrox serves the backend at ${loadCore().printable(url)} with live reload (its own address below has none).`,
    );
  }

  private write(folder: vscode.WorkspaceFolder, text: string): void {
    if (!this.channel)
      this.channel = this._register(
        printableChannel(vscode.window.createOutputChannel('Ferrox: Backend', { log: true })),
      );
    const several = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
    this.channel.info(several ? `[${folder.name}] ${text}` : text);
  }

  show(): void {
    this.channel?.show(true);
  }

  notRun(folder: vscode.WorkspaceFolder, why: string): void {
    void vscode.window.showWarningMessage(`Ferrox (${folder.name}): ${why}`, 'Open Settings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openWorkspaceSettings', 'ferrox.backend');
    });
  }
}

/** The question, with the command shown whole as it will run, nothing in it hidden. */
async function askToRun(folderName: string, command: string): Promise<'run' | 'refuse' | undefined> {
  const choice = await vscode.window.showWarningMessage(
    `The settings of "${shown(folderName, false)}" ask Ferrox to start a backend. It runs with your rights. Run it?`,
    {
      modal: true,
      detail: `${visibleCommand(command, (t) => shown(t, false))}\n\nFerrox remembers your answer for this workspace and command.`,
    },
    'Run',
    "Don't Run",
  );
  return choice === 'Run' ? 'run' : choice === "Don't Run" ? 'refuse' : undefined;
}
