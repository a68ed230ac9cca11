/**
 * The set-up most suites share: the extension active, a workspace folder on a free port (with the
 * suite's own settings), served or not, a Chromium when the suite drives pages, and all of it
 * undone after the suite, so the next suite finds the folder as the workspace left it.
 */
import type { Browser } from 'playwright-core';
import * as vscode from 'vscode';
import { launchChromium } from '../shared/chromium';
import { activate, folder, freePort, setSetting, type FerroxApi } from './helpers';

export interface SuiteFolder {
  readonly api: FerroxApi;
  readonly port: number;
  /** Launched only with `chromium: true`. */
  readonly browser: Browser;
  readonly folder: vscode.WorkspaceFolder;
}

export interface SuiteFolderOptions {
  /** Folder-level ferrox.* settings to write before the suite (and remove after it). */
  settings?: Record<string, unknown>;
  /** Settings the suite's tests write, removed after it. */
  alsoClear?: string[];
  /** Start the server in `before`. */
  serve?: boolean;
  chromium?: boolean;
}

/** Registers `before`/`after` hooks in the calling `describe`; the fields are set once `before` ran. */
export function suiteFolder(name: string, options: SuiteFolderOptions = {}): SuiteFolder {
  const suite = {} as { -readonly [K in keyof SuiteFolder]: SuiteFolder[K] };
  const written = ['port', ...Object.keys(options.settings ?? {})];
  before(async () => {
    suite.api = await activate();
    suite.folder = folder(name);
    suite.port = await freePort();
    await setSetting('port', suite.port, suite.folder);
    for (const [key, value] of Object.entries(options.settings ?? {})) await setSetting(key, value, suite.folder);
    if (options.serve) await vscode.commands.executeCommand('ferrox.serve', suite.folder);
    // playwright-core drives Debian's Chromium from inside the extension host.
    if (options.chromium) suite.browser = await launchChromium();
  });
  after(async () => {
    await suite.browser?.close();
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('ferrox.stop', folder(name));
    await clearSettings(folder(name), [...(options.alsoClear ?? []), ...[...written].reverse()]);
  });
  return suite;
}

/** Removes these folder-level ferrox.* settings, in order, waiting for each to apply. */
export async function clearSettings(scope: vscode.WorkspaceFolder, keys: string[]): Promise<void> {
  const config = vscode.workspace.getConfiguration('ferrox', scope.uri);
  for (const key of keys) {
    // Only what is set: removing an unset key fires no change to wait for.
    if (config.inspect(key)?.workspaceFolderValue !== undefined) await setSetting(key, undefined, scope);
  }
}
