import * as vscode from 'vscode';

/**
 * In Restricted Mode VS Code hands Ferrox only the user's own values of these settings, so an
 * untrusted folder cannot expose itself to the network, serve files outside itself, start a
 * server on its own or point TLS at arbitrary files. Must match
 * `capabilities.untrustedWorkspaces.restrictedConfigurations` in package.json.
 */
export const RESTRICTED_SETTINGS = [
  'ferrox.root', 'ferrox.host', 'ferrox.allowedHosts', 'ferrox.headers', 'ferrox.autoStart',
  'ferrox.tls.enabled', 'ferrox.tls.cert', 'ferrox.tls.key', 'ferrox.tls.redirectPort',
];

let explained = false;

/** Says once per window what Restricted Mode changes, instead of failing silently. */
export function explainRestrictedMode(log: vscode.LogOutputChannel): void {
  if (vscode.workspace.isTrusted || explained) return;
  explained = true;
  const message = 'Restricted Mode: Ferrox ignores this workspace\'s values for ' +
    RESTRICTED_SETTINGS.join(', ') + ' and uses your user settings instead; it also never starts on its own. Trust the workspace to use them.';
  log.warn(message);
  void vscode.window.showInformationMessage(message, 'Manage Workspace Trust').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
  });
}
