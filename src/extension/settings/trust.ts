import * as vscode from 'vscode';
import { EXTENSION_ID } from './trustSettings';

let explained = false;

/** Says once per window what Restricted Mode changes, instead of failing silently. */
export function explainRestrictedMode(log: vscode.LogOutputChannel): void {
  if (vscode.workspace.isTrusted || explained) return;
  explained = true;
  // What VS Code enforces: the manifest's list (made from the options' declarations, by a test).
  const restricted: string[] =
    vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON?.capabilities?.untrustedWorkspaces
      ?.restrictedConfigurations ?? [];
  const message =
    "Restricted Mode: Ferrox ignores this workspace's values for " +
    restricted.join(', ') +
    ' and uses your user settings instead; it also never starts on its own. Trust the workspace to use them.';
  log.warn(message);
  void vscode.window.showInformationMessage(message, 'Manage Workspace Trust').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
  });
}
