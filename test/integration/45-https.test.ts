import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activate, folder, freePort, get, setSetting, settingsSnapshot } from './helpers';

/** Every file under `dir`, to prove nothing was written into the workspace. */
function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

describe('local HTTPS (ferrox.https)', () => {
  let home: string;
  const saved = process.env.FERROX_HOME;
  before(async () => {
    await activate();
    // The extension host reads FERROX_HOME when it needs the CA: a fresh folder per run.
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-home-'));
    process.env.FERROX_HOME = home;
  });
  after(async () => {
    await vscode.commands.executeCommand('ferrox.stop', folder('alpha'));
    for (const key of ['https', 'port']) await setSetting(key, undefined, folder('alpha'));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (saved === undefined) delete process.env.FERROX_HOME;
    else process.env.FERROX_HOME = saved;
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('serves HTTPS that verifies against ca.pem alone, writing nothing into the workspace', async () => {
    const workspaceFiles = filesUnder(folder('alpha').uri.fsPath);
    const port = await freePort();
    await setSetting('port', port, folder('alpha'));
    await setSetting('https', true, folder('alpha'));
    const settingsBefore = settingsSnapshot();
    // The URL it resolves with may be a forwarded one (code-server's /proxy/<port>/): ask the port itself.
    assert.ok(await vscode.commands.executeCommand<string>('ferrox.serve', folder('alpha')));
    const r = await get(`https://127.0.0.1:${port}/index.html`, {
      ca: fs.readFileSync(path.join(home, 'ca.pem')),
      servername: 'localhost',
    });
    assert.equal(r.status, 200);
    assert.match(r.body.toString(), /alpha/);
    assert.equal(fs.statSync(path.join(home, 'ca-key.pem')).mode & 0o777, 0o600);
    assert.deepEqual(filesUnder(folder('alpha').uri.fsPath), workspaceFiles, 'no file added to the workspace');
    assert.equal(settingsSnapshot(), settingsBefore, 'no settings written');
  });

  it('"Trust Local HTTPS Certificate…" opens the steps for this system with the CA\'s path', async () => {
    const caFile = await vscode.commands.executeCommand<string>('ferrox.trustCertificate');
    assert.equal(caFile, path.join(home, 'ca.pem'));
    const doc = vscode.window.activeTextEditor?.document;
    assert.equal(doc?.uri.scheme, 'ferrox-trust');
    assert.ok(doc.getText().includes(caFile));
    assert.match(doc.getText(), /Firefox/);
    assert.match(
      doc.getText(),
      process.platform === 'darwin'
        ? /security add-trusted-cert/
        : process.platform === 'win32'
          ? /certutil/
          : /update-ca-certificates/,
    );
  });
});
