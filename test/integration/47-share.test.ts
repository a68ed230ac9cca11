import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { folder, get, listeningAddresses, readLog, waitFor } from './helpers';
import { suiteFolder } from './suiteFolder';

const sharePanel = () =>
  vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('ferrox.share'));

describe('sharing on the network', () => {
  const site = suiteFolder('alpha');

  it('"Share on Network…" binds the network, asks every request for the token, and shows the link\'s QR code', async () => {
    const link = await vscode.commands.executeCommand<string>('ferrox.share', folder('alpha'));
    const token = new URL(link).searchParams.get('token');
    assert.match(token ?? '', /^[A-Za-z0-9_-]{43}$/, link);
    // Only loopback is ever contacted: the token comes from the link, the requests go to 127.0.0.1.
    assert.equal((await get(`http://127.0.0.1:${site.port}/index.html`)).status, 401);
    const authorised = await get(`http://127.0.0.1:${site.port}/index.html`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.equal(authorised.status, 200);
    assert.deepEqual(listeningAddresses(site.port), ['0.0.0.0']);
    const tab = await waitFor('the sharing panel', sharePanel);
    assert.match(tab.label, /Sharing: alpha/);
    await waitFor('the start in the log', () => readLog(site.api).includes(`:${site.port}/`));
    assert.ok(!readLog(site.api).includes(token!), 'the Ferrox log never holds the token');
  });

  it('"Check Sharing" says what this machine can tell about why a device may not reach it, in the log', async () => {
    await vscode.commands.executeCommand('ferrox.share', folder('alpha'));
    const lines = await vscode.commands.executeCommand<string[]>('ferrox.checkSharing');
    assert.ok(lines.length >= 2, JSON.stringify(lines));
    assert.match(lines[0], /The link names \d+\.\d+\.\d+\.\d+ |no network address/, 'the address first');
    assert.ok(
      lines.some((l) => /firewall|ufw|nftables|WSL|isolation/i.test(l)),
      JSON.stringify(lines),
    );
    await waitFor(
      'the check in the log',
      () => readLog(site.api).includes(`Sharing check for alpha (port ${site.port}):`) || undefined,
    );
  });

  it('"Stop Sharing" goes back to this machine only, without a token, and closes the panel', async () => {
    await vscode.commands.executeCommand('ferrox.share', folder('alpha'));
    await waitFor('the sharing panel', sharePanel);
    await vscode.commands.executeCommand('ferrox.stopSharing', folder('alpha'));
    assert.equal((await get(`http://127.0.0.1:${site.port}/index.html`)).status, 200);
    assert.deepEqual(listeningAddresses(site.port), ['127.0.0.1']);
    await waitFor('the panel to close', () => !sharePanel());
  });

  it('"Stop" ends sharing too: served again, the folder is on this machine only, without a token', async () => {
    await vscode.commands.executeCommand('ferrox.share', folder('alpha'));
    assert.deepEqual(listeningAddresses(site.port), ['0.0.0.0']);
    await vscode.commands.executeCommand('ferrox.stop', folder('alpha'));
    await waitFor('the panel to close', () => !sharePanel());
    await vscode.commands.executeCommand('ferrox.serve', folder('alpha'));
    assert.deepEqual(listeningAddresses(site.port), ['127.0.0.1']);
    assert.equal((await get(`http://127.0.0.1:${site.port}/index.html`)).status, 200);
  });
});
