/**
 * VS Code's Integrated Browser (desktop VS Code 1.109 and later: "Browser: Open Integrated
 * Browser"). Feature-detected by its command, which older versions and the web do not have; a
 * page there is a top-level page like any browser's, so following the editor, outlines and synced
 * browsing work in it as they do elsewhere.
 */
import * as vscode from 'vscode';
import { loadCore } from '../coreLoader';
import { previewPlace, type PreviewPlace } from './forwarding';

/** The command that opens a URL in the Integrated Browser: `{ url, openToSide, reuseUrlFilter }` or a URL. */
export const INTEGRATED_BROWSER_OPEN = 'workbench.action.browser.open';

/** Whether the running VS Code has the Integrated Browser. */
export async function hasIntegratedBrowser(): Promise<boolean> {
  return (await vscode.commands.getCommands(true)).includes(INTEGRATED_BROWSER_OPEN);
}

/** Opens `url` in the Integrated Browser beside the editor, in the tab of its server if one is open. */
export async function openInIntegratedBrowser(url: string, log: vscode.LogOutputChannel): Promise<void> {
  log.info(`Opening ${loadCore().urlWithoutToken(url)} in VS Code's Integrated Browser.`);
  await vscode.commands.executeCommand(INTEGRATED_BROWSER_OPEN, {
    url,
    openToSide: true,
    reuseUrlFilter: `${new URL(url).origin}/**`,
  });
}

/** Where "Preview in Editor" shows a page here (ferrox.preview.target, the Integrated Browser, Codespaces). */
export async function previewPlaceHere(): Promise<PreviewPlace> {
  const target = vscode.workspace.getConfiguration('ferrox').get<string>('preview.target', 'auto');
  return previewPlace(target, await hasIntegratedBrowser(), vscode.env.remoteName);
}
