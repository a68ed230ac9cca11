import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import * as vscode from 'vscode';
import { launchChromium } from '../shared/chromium';
import { activate, get, readLog, type FerroxApi, CEILING_MS } from './helpers';

describe('an HTML file outside every workspace folder, in a real VS Code', function () {
  this.timeout(120_000);
  let api: FerroxApi;
  let dir: string;
  let browser: Browser;

  before(async () => {
    api = await activate();
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-loose-')));
    fs.writeFileSync(
      path.join(dir, 'page.html'),
      '<!doctype html>\n<title>loose</title>\n<h1 id="msg">loose page</h1>\n',
    );
    fs.writeFileSync(path.join(dir, 'style.css'), 'h1 { color: rgb(1, 2, 3); }\n');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('ferrox.stop', vscode.Uri.file(path.join(dir, 'page.html')));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is served from its own folder, and the page follows what is typed', async () => {
    // The offline runner runs this suite a second time in a window with no folder, and says so.
    if (process.env.FERROX_TEST_EMPTY_WINDOW)
      assert.equal(vscode.workspace.workspaceFolders, undefined, 'a window with no folder open');
    const file = vscode.Uri.file(path.join(dir, 'page.html'));
    const editor = await vscode.window.showTextDocument(file);
    const url = await vscode.commands.executeCommand<string>('ferrox.openInBrowser', file);
    assert.ok(url, 'a URL');
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/(?:proxy\/\d+\/)?page\.html$/);
    assert.match((await get(url)).body.toString(), /loose page/);
    assert.equal((await get(new URL('style.css', url).href)).status, 200, 'its folder is the root');
    assert.match(readLog(api), new RegExp(`Serving ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const page = await browser.newPage();
    try {
      await page.goto(url);
      await page.waitForFunction(
        () => (window as unknown as { __ferroxLive?: { connected: boolean } }).__ferroxLive?.connected === true,
      );
      await editor.edit((e) =>
        e.replace(editor.document.lineAt(2).range, '<h1 id="msg">typed outside the workspace</h1>'),
      );
      await page
        .waitForFunction(
          () => document.getElementById('msg')?.textContent === 'typed outside the workspace',
          undefined,
          { timeout: CEILING_MS },
        )
        .catch((err: Error) => {
          const tail = readLog(api).trimEnd().split('\n').slice(-15).join('\n  ');
          throw new Error(`${err.message}; the page shows "${page.url()}"; the log ends:\n  ${tail}`, { cause: err });
        });
    } finally {
      await page.close();
    }
  });
});
