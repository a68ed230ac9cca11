import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activate, EXTENSION_ID, folder, freePort, isListening, setSetting } from './helpers';

// Runs last: after deactivate() the extension has no controller left.
describe('deactivate', () => {
  it('stops every server and leaves nothing listening', async () => {
    await activate();
    const [a, b] = [await freePort(), await freePort()];
    await setSetting('port', a, folder('alpha'));
    await setSetting('port', b, folder('beta'));
    await vscode.commands.executeCommand('ferrox.serve', folder('alpha'));
    await vscode.commands.executeCommand('ferrox.serve', folder('beta'));
    assert.ok((await isListening(a)) && (await isListening(b)));
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    // The module VS Code loaded (same require cache), so this is the real deactivate().
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const main = require(path.join(ext.extensionPath, 'dist', 'extension.js')) as { deactivate(): Promise<void> };
    await main.deactivate();
    assert.equal(await isListening(a), false);
    assert.equal(await isListening(b), false);
    await setSetting('port', undefined, folder('alpha'));
    await setSetting('port', undefined, folder('beta'));
  });
});
