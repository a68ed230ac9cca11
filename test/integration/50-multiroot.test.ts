import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activate, folder, freePort, get, setSetting } from './helpers';

describe('multi-root workspaces', () => {
  before(activate);
  after(async () => {
    for (const name of ['alpha', 'beta']) {
      await vscode.commands.executeCommand('ferrox.stop', folder(name));
      await setSetting('port', undefined, folder(name));
    }
  });

  it('serves each folder on its own server', async () => {
    const [alphaPort, betaPort] = [await freePort(), await freePort()];
    await setSetting('port', alphaPort, folder('alpha'));
    await setSetting('port', betaPort, folder('beta'));
    await vscode.commands.executeCommand('ferrox.serveFolder', folder('beta').uri);
    await vscode.commands.executeCommand('ferrox.serve', folder('alpha'));
    assert.match((await get(`http://127.0.0.1:${betaPort}/`)).body.toString(), /<h1>beta<\/h1>/);
    assert.match((await get(`http://127.0.0.1:${alphaPort}/`)).body.toString(), /<h1>alpha<\/h1>/);
  });

  it('"Open in Browser" picks the folder that holds the file', async () => {
    // Starts beta itself, on a port of its own, whether or not the test before ran.
    await vscode.commands.executeCommand('ferrox.stop', folder('beta'));
    await setSetting('port', await freePort(), folder('beta'));
    const page = vscode.Uri.file(path.join(folder('beta').uri.fsPath, 'index.html'));
    const url = await vscode.commands.executeCommand<string>('ferrox.openInBrowser', page);
    assert.match((await get(url)).body.toString(), /<h1>beta<\/h1>/);
  });
});
