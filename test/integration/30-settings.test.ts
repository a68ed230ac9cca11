import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as vscode from 'vscode';
import { activate, folder, freePort, get, isListening, readLog, setSetting, settingsSnapshot, waitFor, type FerroxApi } from './helpers';

describe('settings', () => {
  let api: FerroxApi;
  before(async () => { api = await activate(); });
  afterEach(async () => {
    await vscode.commands.executeCommand('ferrox.stop', folder('alpha'));
    for (const key of ['port', 'directoryListing']) await setSetting(key, undefined, folder('alpha'));
  });

  it('changing ferrox.port moves the running server', async () => {
    const [first, second] = [await freePort(), await freePort()];
    await setSetting('port', first, folder('alpha'));
    await vscode.commands.executeCommand('ferrox.serve', folder('alpha'));
    assert.ok(await isListening(first));
    await setSetting('port', second, folder('alpha'));
    await waitFor(`the server on port ${second}`, () => isListening(second));
    await waitFor(`port ${first} to be free`, async () => !(await isListening(first)));
    assert.equal((await get(`http://127.0.0.1:${second}/index.html`)).status, 200);
  });

  it('changing ferrox.directoryListing applies to the running server', async () => {
    const port = await freePort();
    await setSetting('port', port, folder('alpha'));
    await vscode.commands.executeCommand('ferrox.serve', folder('alpha'));
    assert.equal((await get(`http://127.0.0.1:${port}/docs/`)).status, 200);
    await setSetting('directoryListing', false, folder('alpha'));
    await waitFor('the listing to be switched off', async () => (await get(`http://127.0.0.1:${port}/docs/`)).status === 404);
  });

  it('a bad value is reported naming the setting, and the last good server keeps running', async () => {
    const port = await freePort();
    await setSetting('port', port, folder('alpha'));
    await vscode.commands.executeCommand('ferrox.serve', folder('alpha'));
    await setSetting('port', 70000, folder('alpha'));
    await waitFor('the settings error in the log', () => /Settings not applied for alpha: ferrox\.port must be a whole number from 0 to 65535, got 70000/.test(readLog(api)));
    assert.equal((await get(`http://127.0.0.1:${port}/index.html`)).status, 200);
  });

  it('a busy port gives a clear error and writes no settings', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await setSetting('port', port, folder('alpha'));
      const before = settingsSnapshot();
      const url = await vscode.commands.executeCommand<string | undefined>('ferrox.serve', folder('alpha'));
      assert.equal(url, undefined, 'no server started');
      await waitFor('the busy-port error in the log', () => readLog(api).includes(`Could not start alpha: Port ${port} on 127.0.0.1 is already in use`));
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(settingsSnapshot(), before, 'no settings file changed');
      assert.equal(vscode.workspace.getConfiguration('ferrox', folder('alpha').uri).get('port'), port);
    } finally {
      blocker.close();
    }
  });
});
