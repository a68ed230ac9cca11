import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { makeCert } from '../shared/testCerts';
import { activate, folder, freePort, get, setSetting } from './helpers';

describe('TLS settings', () => {
  let dir: string;
  let tls: { cert: string; key: string };
  before(async () => {
    await activate();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-tls-'));
    tls = makeCert(dir);
  });
  after(async () => {
    await vscode.commands.executeCommand('ferrox.stop', folder('alpha'));
    for (const key of ['tls.enabled', 'tls.cert', 'tls.key', 'port']) await setSetting(key, undefined, folder('alpha'));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves HTTPS with a generated certificate', async () => {
    const port = await freePort();
    await setSetting('port', port, folder('alpha'));
    await setSetting('tls.cert', tls.cert, folder('alpha'));
    await setSetting('tls.key', tls.key, folder('alpha'));
    await setSetting('tls.enabled', true, folder('alpha'));
    await vscode.commands.executeCommand('ferrox.serve', folder('alpha'));
    const r = await get(`https://127.0.0.1:${port}/index.html`, {
      ca: fs.readFileSync(tls.cert),
      servername: 'localhost',
    });
    assert.equal(r.status, 200);
    assert.match(r.body.toString(), /alpha/);
  });
});
