import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  activate,
  folder,
  freePort,
  get,
  isListening,
  listeningAddresses,
  readLog,
  setSetting,
  settingsSnapshot,
  waitFor,
  type FerroxApi,
} from './helpers';

describe('settings', () => {
  let api: FerroxApi;
  before(async () => {
    api = await activate();
  });
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
    await waitFor(
      'the listing to be switched off',
      async () => (await get(`http://127.0.0.1:${port}/docs/`)).status === 404,
    );
  });

  it('a bad value is reported naming the setting, and the last good server keeps running', async () => {
    const port = await freePort();
    await setSetting('port', port, folder('alpha'));
    await vscode.commands.executeCommand('ferrox.serve', folder('alpha'));
    await setSetting('port', 70000, folder('alpha'));
    await waitFor('the settings error in the log', () =>
      /Settings not applied for alpha: ferrox\.port must be a whole number from 0 to 65535, got 70000/.test(
        readLog(api),
      ),
    );
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
      await waitFor('the busy-port error in the log', () =>
        readLog(api).includes(`Could not start alpha: Port ${port} on 127.0.0.1 is already in use`),
      );
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(settingsSnapshot(), before, 'no settings file changed');
      assert.equal(vscode.workspace.getConfiguration('ferrox', folder('alpha').uri).get('port'), port);
    } finally {
      blocker.close();
    }
  });

  it('a busy default port (ferrox.port not set) moves on to the next free one and says so in the log', async () => {
    const blocker = net.createServer();
    const blocked = await new Promise<boolean>((r) =>
      blocker.once('error', () => r(false)).listen(8080, '127.0.0.1', () => r(true)),
    );
    try {
      await setSetting('port', undefined, folder('alpha'));
      const url = await vscode.commands.executeCommand<string | undefined>('ferrox.serve', folder('alpha'));
      assert.ok(url, 'a server started');
      assert.notEqual(new URL(url).port, '8080');
      await waitFor(
        'the reason in the log',
        () => /Serving \S+ at http:\/\/127\.0\.0\.1:\d+\/ \(port 8080 is in use\)/.test(readLog(api)) || undefined,
      ).catch((err: Error) => {
        throw new Error(`${err.message}; url ${url}; log:\n${readLog(api).split('\n').slice(-6).join('\n')}`);
      });
      assert.equal(
        vscode.workspace.getConfiguration('ferrox', folder('alpha').uri).inspect('port')?.workspaceFolderValue,
        undefined,
        'no setting written',
      );
    } finally {
      await vscode.commands.executeCommand('ferrox.stop', folder('alpha'));
      if (blocked) blocker.close();
    }
  });

  it('never takes ferrox.host or ferrox.share from the workspace: a cloned repository cannot open the machine to the network', async () => {
    const file = path.join(folder('alpha').uri.fsPath, '.vscode', 'settings.json');
    const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    const port = await freePort();
    await setSetting('port', port, folder('alpha'));
    const current = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    // A folder value for an ordinary setting beside it proves VS Code has read the file.
    fs.writeFileSync(
      file,
      JSON.stringify({ ...current, 'ferrox.host': '0.0.0.0', 'ferrox.share': true, 'ferrox.spa': true }, null, 2),
    );
    try {
      await waitFor(
        'VS Code to read the folder settings',
        () =>
          vscode.workspace.getConfiguration('ferrox', folder('alpha').uri).inspect('spa')?.workspaceFolderValue ===
          true,
      );
      assert.equal(
        vscode.workspace.getConfiguration('ferrox', folder('alpha').uri).get('host'),
        '127.0.0.1',
        'VS Code itself ignores it',
      );
      await vscode.commands.executeCommand('ferrox.serve', folder('alpha'));
      assert.deepEqual(listeningAddresses(port), ['127.0.0.1'], 'bound to loopback only');
      assert.equal((await get(`http://127.0.0.1:${port}/index.html`)).status, 200, 'not shared: no token asked for');
    } finally {
      if (before === undefined) fs.rmSync(file, { force: true });
      else fs.writeFileSync(file, before);
    }
  });
});
