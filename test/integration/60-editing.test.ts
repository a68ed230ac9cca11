import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { folder, get, waitFor } from './helpers';
import { suiteFolder } from './suiteFolder';

describe('live preview while editing', () => {
  const site = suiteFolder('alpha', { serve: true });

  it('serves unsaved HTML text, and the disk version again after a revert', async () => {
    const file = path.join(folder('alpha').uri.fsPath, 'index.html');
    const disk = fs.readFileSync(file, 'utf8');
    const url = `http://127.0.0.1:${site.port}/index.html?ferrox-live=0`;
    const before = await get(url);
    assert.equal(before.body.toString(), disk);

    const editor = await vscode.window.showTextDocument(vscode.Uri.file(file));
    await editor.edit((e) => e.insert(new vscode.Position(editor.document.lineCount, 0), '<p>typed, not saved</p>\n'));
    assert.ok(editor.document.isDirty);
    const edited = await waitFor('the unsaved text to be served', async () => {
      const r = await get(url);
      return r.body.toString().includes('typed, not saved') ? r : undefined;
    });
    assert.notEqual(edited.headers.etag, before.headers.etag, 'a new ETag for the unsaved version');
    assert.equal(fs.readFileSync(file, 'utf8'), disk, 'nothing was written to disk');

    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(editor.document.isDirty, false);
    await waitFor('the disk version after revert', async () => (await get(url)).body.toString() === disk);
  });

  it('"Preview in Editor" opens the page of the active HTML file beside the editor', async () => {
    const page = vscode.Uri.file(path.join(folder('alpha').uri.fsPath, 'nested', 'deep page', 'page.html'));
    await vscode.window.showTextDocument(page);
    const url = await vscode.commands.executeCommand<string>('ferrox.preview');
    assert.match(url, /\/nested\/deep%20page\/page\.html$/);
    const tab = await waitFor('the preview tab', () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('ferrox.preview')),
    );
    assert.match(tab.label, /Preview: page\.html/);
  });
});
