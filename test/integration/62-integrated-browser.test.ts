import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { folder, readLog, setSetting, waitFor } from './helpers';
import { clearSettings, suiteFolder } from './suiteFolder';

/** VS Code's Integrated Browser command (desktop VS Code); the web and older versions have none. */
const OPEN = 'workbench.action.browser.open';

function previewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('ferrox.preview'));
}

describe("VS Code's Integrated Browser, through a stand-in for its command where this VS Code has none", function () {
  this.timeout(120_000);
  const site = suiteFolder('alpha', { serve: true });
  let calls: unknown[] = [];
  let standIn: vscode.Disposable | undefined;

  before(async function () {
    // Where the real command exists (a desktop VS Code) a stand-in cannot take its place.
    if ((await vscode.commands.getCommands(true)).includes(OPEN)) this.skip();
    standIn = vscode.commands.registerCommand(OPEN, (arg: unknown) => void calls.push(arg));
  });
  beforeEach(async () => {
    calls = [];
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(async () => {
    standIn?.dispose();
    await vscode.workspace
      .getConfiguration('ferrox')
      .update('preview.target', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace
      .getConfiguration('ferrox')
      .update('browser.command', undefined, vscode.ConfigurationTarget.Global);
  });

  it('"Preview in Editor" opens the served page there, beside the editor, in the tab of its server; "panel" keeps the panel', async () => {
    const file = vscode.Uri.file(path.join(folder('alpha').uri.fsPath, 'nested', 'deep page', 'page.html'));
    await vscode.window.showTextDocument(file);
    const url = await vscode.commands.executeCommand<string>('ferrox.preview');
    // The address VS Code gives for the server (code-server's /proxy/<port>/ in a remote window).
    assert.match(url, /\/nested\/deep%20page\/page\.html$/);
    assert.ok(url.includes(String(site.port)), url);
    assert.deepEqual(calls, [{ url, openToSide: true, reuseUrlFilter: `${new URL(url).origin}/**` }]);
    assert.equal(previewTabs().length, 0, 'no preview panel');
    assert.match(readLog(site.api), /in VS Code's Integrated Browser\./);

    // A window setting: the workspace's value.
    await vscode.workspace
      .getConfiguration('ferrox')
      .update('preview.target', 'panel', vscode.ConfigurationTarget.Workspace);
    await waitFor(
      'the setting',
      () => vscode.workspace.getConfiguration('ferrox').get('preview.target') === 'panel' || undefined,
    );
    await vscode.commands.executeCommand('ferrox.preview');
    await waitFor('the preview panel', () => previewTabs()[0]);
    assert.equal(calls.length, 1, 'the Integrated Browser was not asked again');
  });

  it('"Open in Browser" opens it there when ferrox.browser.command is "integrated"', async () => {
    const config = () => vscode.workspace.getConfiguration('ferrox', folder('alpha').uri);
    await config().update('browser.command', 'integrated', vscode.ConfigurationTarget.Global);
    await waitFor(
      'the user setting',
      () => config().inspect('browser.command')?.globalValue === 'integrated' || undefined,
    );
    await setSetting('browser.followEditor', false, folder('alpha'));
    try {
      const file = vscode.Uri.file(path.join(folder('alpha').uri.fsPath, 'index.html'));
      const url = await vscode.commands.executeCommand<string>('ferrox.openInBrowser', file);
      await waitFor('the Integrated Browser asked', () => calls.length > 0 || undefined);
      assert.deepEqual(calls, [{ url, openToSide: true, reuseUrlFilter: `${new URL(url).origin}/**` }]);
    } finally {
      await clearSettings(folder('alpha'), ['browser.followEditor']);
    }
  });

  it('Go Live with an HTML file open opens that file, as Live Server does', async () => {
    const config = () => vscode.workspace.getConfiguration('ferrox', folder('alpha').uri);
    await config().update('browser.command', 'integrated', vscode.ConfigurationTarget.Global);
    await setSetting('openOnStart', 'browser', folder('alpha'));
    await setSetting('browser.followEditor', false, folder('alpha'));
    try {
      const file = vscode.Uri.file(path.join(folder('alpha').uri.fsPath, 'nested', 'deep page', 'page.html'));
      await vscode.window.showTextDocument(file);
      // The status bar's button: it stops the running server, then (Go Live) serves it again.
      await vscode.commands.executeCommand('ferrox.toggle');
      await vscode.commands.executeCommand('ferrox.toggle');
      const asked = (await waitFor('the Integrated Browser asked', () => calls[0])) as { url: string };
      assert.match(asked.url, /\/nested\/deep%20page\/page\.html$/);
    } finally {
      await clearSettings(folder('alpha'), ['browser.followEditor', 'openOnStart']);
    }
  });
});
