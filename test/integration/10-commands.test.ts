import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate } from './helpers';

describe('commands', () => {
  before(activate);

  it('contributes every Ferrox command', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const id of [
      'ferrox.serve',
      'ferrox.serveFolder',
      'ferrox.stop',
      'ferrox.toggle',
      'ferrox.reconfigure',
      'ferrox.openInBrowser',
      'ferrox.showLog',
      'ferrox.preview',
      'ferrox.trustCertificate',
      'ferrox.share',
      'ferrox.stopSharing',
      'ferrox.checkSharing',
      'ferrox.toggleSync',
    ]) {
      assert.ok(all.has(id), `${id} is registered`);
    }
  });
});
