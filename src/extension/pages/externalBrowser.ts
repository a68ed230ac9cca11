/**
 * Where "Open in Browser" opens a page: the browser `ferrox.browser.command` names, or VS Code's
 * own opener (the system default; on a remote window, the browser of the machine the user sits at).
 */
import * as vscode from 'vscode';
import { loadCore } from '../coreLoader';
import { hasIntegratedBrowser, openInIntegratedBrowser } from './integratedBrowser';

/** The value of ferrox.browser.command that chooses VS Code's Integrated Browser. */
const INTEGRATED = 'integrated';

const KEY = 'browser.command';

/**
 * The user's own value of ferrox.browser.command: it runs a command, so a workspace's value is
 * never taken (a cloned repository must not start programs); it is named in `log` instead.
 */
function chosenBrowser(log: vscode.LogOutputChannel): string | undefined {
  const i = vscode.workspace.getConfiguration('ferrox').inspect<string>(KEY);
  if (i?.workspaceValue !== undefined || i?.workspaceFolderValue !== undefined) {
    log.warn(
      `ferrox.${KEY} is set in the workspace and is ignored: only your user settings may choose a command to run.`,
    );
  }
  const value = typeof i?.globalValue === 'string' ? i.globalValue.trim() : '';
  return value === '' ? undefined : value;
}

/** Opens `url` in the chosen browser, or the default one; tells the user when it could not. */
export async function openExternally(url: string, log: vscode.LogOutputChannel): Promise<void> {
  const browser = chosenBrowser(log);
  const redacted = loadCore().urlWithoutToken(url);
  if (browser === INTEGRATED) {
    if (await hasIntegratedBrowser()) return openInIntegratedBrowser(url, log);
    log.warn(
      `ferrox.${KEY} is "${INTEGRATED}", but this VS Code has no Integrated Browser: the page opens in your default browser.`,
    );
  } else if (browser !== undefined && vscode.env.remoteName !== undefined) {
    // The extension host runs on the remote machine: a browser started there is not on the user's screen.
    log.warn(
      `ferrox.${KEY} is not used in a remote window (${vscode.env.remoteName}): the page opens in your default browser.`,
    );
  } else if (browser !== undefined) {
    log.info(`Opening ${redacted} with ${browser}.`);
    loadCore().openBrowser(url, browser, (message) => {
      const shown = message.split(url).join(redacted);
      log.warn(shown);
      void vscode.window
        .showWarningMessage(`Ferrox ${shown}. Check ferrox.browser.command.`, 'Open Settings')
        .then((pick) => {
          if (pick) void vscode.commands.executeCommand('workbench.action.openSettings', `ferrox.${KEY}`);
        });
    });
    return;
  }
  log.info(`Opening ${redacted} in the browser.`);
  await vscode.env.openExternal(vscode.Uri.parse(url));
}
