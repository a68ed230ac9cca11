import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { folder, get, setSetting, waitFor } from './helpers';
import { suiteFolder } from './suiteFolder';

describe('synced browsing from the command, and what opens on start, in a real VS Code', function () {
  const site = suiteFolder('beta');

  it('"Toggle Synced Browsing" turns it on for the running server and off again, without touching the settings', async () => {
    await vscode.commands.executeCommand('ferrox.serve', folder('beta'));
    const page = async () => (await get(`http://127.0.0.1:${site.port}/`)).body.toString();
    assert.doesNotMatch(await page(), /data-sync="on"/, 'off by default');
    await vscode.commands.executeCommand('ferrox.toggleSync', folder('beta'));
    assert.match(await page(), /data-sync="on"/);
    await vscode.commands.executeCommand('ferrox.toggleSync', folder('beta'));
    assert.doesNotMatch(await page(), /data-sync="on"/);
    assert.equal(
      vscode.workspace.getConfiguration('ferrox', folder('beta').uri).inspect('sync')?.workspaceFolderValue,
      undefined,
      'no setting written',
    );
  });

  it('ferrox.openOnStart "preview" opens the served page in the preview panel when the server starts', async () => {
    const previews = () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .filter((t) => t.input instanceof vscode.TabInputWebview && /ferrox\.preview/.test(t.input.viewType));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('openOnStart', 'preview', folder('beta'));
    try {
      await vscode.commands.executeCommand('ferrox.serve', folder('beta'));
      await waitFor('the preview', () => previews().length > 0 || undefined);
    } finally {
      await vscode.commands.executeCommand('ferrox.stop', folder('beta'));
      await setSetting('openOnStart', undefined, folder('beta'));
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
