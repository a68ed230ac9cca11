import * as vscode from 'vscode';
import { agentHost } from './agents/agentHost';
import { registerTools } from './agents/tools';
import { registerCommands } from './commands';
import { Controller } from './controller';
import { printableChannel } from './output/printableLog';
import { explainRestrictedMode } from './settings/trust';

let controller: Controller | undefined;

/**
 * Activation stays cheap: no file I/O and no server core (it loads on the first start). It
 * registers commands, the status bar item and one configuration listener.
 */
/** What the extension offers other extensions and tools: where its log file lives. */
export interface FerroxApi {
  /** Folder of the "Ferrox" log channel's file (`Ferrox.log`). */
  readonly logUri: vscode.Uri;
}

export function activate(context: vscode.ExtensionContext): FerroxApi {
  const started = performance.now();
  const log = printableChannel(vscode.window.createOutputChannel('Ferrox', { log: true }));
  const c = (controller = new Controller(log, context.workspaceState));
  context.subscriptions.push(
    log,
    c,
    ...registerCommands(c),
    ...registerTools(declaredTools(context), () => agentHost(() => c.allSessions())),
  );
  log.info(`Activated in ${(performance.now() - started).toFixed(1)} ms`);
  void autoStart(c, log);
  return { logUri: context.logUri };
}

/** The language model tools package.json declares, by name. */
function declaredTools(context: vscode.ExtensionContext): string[] {
  const contributes = (context.extension.packageJSON as { contributes?: { languageModelTools?: { name: string }[] } })
    .contributes;
  return (contributes?.languageModelTools ?? []).map((t) => t.name);
}

async function autoStart(c: Controller, log: vscode.LogOutputChannel): Promise<void> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter(
    (f) => vscode.workspace.getConfiguration('ferrox', f.uri).get<boolean>('autoStart') === true,
  );
  if (folders.length === 0) return;
  if (!vscode.workspace.isTrusted) {
    explainRestrictedMode(log);
    log.warn('ferrox.autoStart is refused in Restricted Mode: start the server with "Ferrox: Serve Workspace".');
    return;
  }
  for (const folder of folders) await c.serve(folder);
}

/** Stops every server and waits until their sockets are closed. */
export async function deactivate(): Promise<void> {
  const c = controller;
  controller = undefined;
  if (c) await c.stopAll();
}
