import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import * as vscode from 'vscode';
import { launchChromium } from '../shared/chromium';
import { activate, folder, freePort, readLog, setSetting, type FerroxApi } from './helpers';

describe('browser pages follow the editor (ferrox.browser.followEditor), in a real VS Code', function () {
  this.timeout(60_000);
  let browser: Browser;
  let port: number;
  let api: FerroxApi;

  before(async () => {
    api = await activate();
    port = await freePort();
    await setSetting('port', port, folder('alpha'));
    // playwright-core drives Debian's Chromium from inside the extension host.
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('ferrox.stop', folder('alpha'));
    await setSetting('browser.followEditor', undefined, folder('alpha'));
    await setSetting('port', undefined, folder('alpha'));
  });

  it('takes the open page to the HTML file the editor switches to, and stays put when turned off', async () => {
    await vscode.commands.executeCommand('ferrox.serve', folder('alpha'));
    const page = await browser.newPage();
    try {
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForFunction(() => (window as unknown as { __ferroxLive?: { connected: boolean } }).__ferroxLive?.connected === true);
      const deep = path.join(folder('alpha').uri.fsPath, 'nested', 'deep page', 'page.html');
      await vscode.window.showTextDocument(vscode.Uri.file(deep));
      await page.waitForURL(`http://127.0.0.1:${port}/nested/deep%20page/page.html`, { timeout: 10_000 });
      await page.waitForFunction(() => (window as unknown as { __ferroxLive?: { connected: boolean } }).__ferroxLive?.connected === true);
      await setSetting('browser.followEditor', false, folder('alpha'));
      await vscode.window.showTextDocument(vscode.Uri.file(path.join(folder('alpha').uri.fsPath, 'index.html')));
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(new URL(page.url()).pathname, '/nested/deep%20page/page.html', 'turned off, the page stays');
    } finally {
      await page.close();
    }
  });

  it('"Open in Browser" with a tab of the server open takes that tab there instead of opening another', async () => {
    await setSetting('browser.followEditor', false, folder('alpha'));
    await vscode.commands.executeCommand('ferrox.serve', folder('alpha'));
    const page = await browser.newPage();
    try {
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForFunction(() => (window as unknown as { __ferroxLive?: { connected: boolean } }).__ferroxLive?.connected === true);
      await new Promise((r) => setTimeout(r, 400)); // the server hears who is watching
      const deep = vscode.Uri.file(path.join(folder('alpha').uri.fsPath, 'nested', 'deep page', 'page.html'));
      await vscode.commands.executeCommand('ferrox.openInBrowser', deep);
      await page.waitForURL(`http://127.0.0.1:${port}/nested/deep%20page/page.html`, { timeout: 10_000 });
      assert.match(readLog(api), /A page of this server is open in a browser: it goes to http:\S+\/nested\/deep%20page\/page\.html \(no new tab\)/);
    } finally {
      await page.close();
    }
  });
});
