import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { folder, readLog, setSetting, waitFor, waitForLog, CEILING_MS } from './helpers';
import { clearSettings, suiteFolder } from './suiteFolder';

describe('browser pages follow the editor (ferrox.browser.followEditor), in a real VS Code', function () {
  this.timeout(120_000);
  const site = suiteFolder('alpha', { chromium: true });
  // Each test starts with following on (the default), whatever order they run in.
  afterEach(() => clearSettings(folder('alpha'), ['browser.followEditor']));

  it('takes the open page to the HTML file the editor switches to, and stays put when turned off', async () => {
    await vscode.commands.executeCommand('ferrox.serve', folder('alpha'));
    const page = await site.browser.newPage();
    try {
      await page.goto(`http://127.0.0.1:${site.port}/`);
      await page.waitForFunction(
        () => (window as unknown as { __ferroxLive?: { connected: boolean } }).__ferroxLive?.connected === true,
      );
      const deep = path.join(folder('alpha').uri.fsPath, 'nested', 'deep page', 'page.html');
      await vscode.window.showTextDocument(vscode.Uri.file(deep));
      await page.waitForURL(`http://127.0.0.1:${site.port}/nested/deep%20page/page.html`, { timeout: CEILING_MS });
      await page.waitForFunction(
        () => (window as unknown as { __ferroxLive?: { connected: boolean } }).__ferroxLive?.connected === true,
      );
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
    const page = await site.browser.newPage();
    try {
      await page.goto(`http://127.0.0.1:${site.port}/`);
      await page.waitForFunction(
        () => (window as unknown as { __ferroxLive?: { connected: boolean } }).__ferroxLive?.connected === true,
      );
      await new Promise((r) => setTimeout(r, 400)); // the server hears who is watching
      const deep = vscode.Uri.file(path.join(folder('alpha').uri.fsPath, 'nested', 'deep page', 'page.html'));
      await vscode.commands.executeCommand('ferrox.openInBrowser', deep);
      await page.waitForURL(`http://127.0.0.1:${site.port}/nested/deep%20page/page.html`, { timeout: CEILING_MS });
      assert.match(
        readLog(site.api),
        /A page of this server is open in a browser: it goes to http:\S+\/nested\/deep%20page\/page\.html \(no new tab\)/,
      );
    } finally {
      await page.close();
    }
  });

  it('openOnStart "none" opens nothing, on the first start or the next (nor sends an open tab anywhere)', async () => {
    // Each way of opening says so in the log ("Opening … in the browser.", or a tab sent on: "no new tab").
    const opened = () =>
      readLog(site.api).match(/Opening http:\S+ (?:in the browser|with )|\(no new tab\)/g)?.length ?? 0;
    try {
      await setSetting('openOnStart', 'none', folder('alpha'));
      const before = opened();
      for (let i = 0; i < 2; i++) {
        await vscode.commands.executeCommand('ferrox.stop', folder('alpha'));
        await vscode.commands.executeCommand('ferrox.serve', folder('alpha'));
      }
      await new Promise((r) => setTimeout(r, 1500)); // longer than the wait for a tab to reconnect
      assert.equal(opened(), before);
    } finally {
      await setSetting('openOnStart', undefined, folder('alpha'));
    }
  });

  it('Stop and Serve with a tab open (openOnStart "browser"): the tab that comes back is taken to the URL, no new tab', async () => {
    // The tab is open before openOnStart says "browser": a Serve with no tab would open one (in
    // VS Code 1.139 with its smoke-test driver, a real page in the workbench's browser, which
    // would then count as an open tab for the tests after this one).
    await vscode.commands.executeCommand('ferrox.serve', folder('alpha'));
    const page = await site.browser.newPage();
    const told = /A page of this server is open in a browser: it goes to http:\S+\/ \(no new tab\)/g;
    try {
      await page.goto(`http://127.0.0.1:${site.port}/nested/deep%20page/page.html`);
      await page.waitForFunction(
        () => (window as unknown as { __ferroxLive?: { connected: boolean } }).__ferroxLive?.connected === true,
      );
      await setSetting('openOnStart', 'browser', folder('alpha'));
      const before = readLog(site.api).match(told)?.length ?? 0;
      await vscode.commands.executeCommand('ferrox.stop', folder('alpha'));
      await vscode.commands.executeCommand('ferrox.serve', folder('alpha'));
      await waitFor('the log line', () => (readLog(site.api).match(told)?.length ?? 0) > before || undefined);
      await page.waitForURL(`http://127.0.0.1:${site.port}/`, { timeout: CEILING_MS }).catch(async () => {
        // The reconnect's own reload can race the navigation: the URL is what counts.
        await waitFor('the page at the root', () => new URL(page.url()).pathname === '/' || undefined);
      });
    } finally {
      await page.close();
      await setSetting('openOnStart', undefined, folder('alpha'));
    }
  });

  it('"Open in Browser" starts the browser of ferrox.browser.command (user settings only; in a local window) when no tab is open', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-browser-stub-'));
    const record = path.join(dir, 'opened.txt');
    const stub = path.join(dir, 'stub.js');
    fs.writeFileSync(
      stub,
      `require('fs').appendFileSync(${JSON.stringify(record)}, process.argv.slice(2).join(' ') + '\\n');`,
    );
    const config = () => vscode.workspace.getConfiguration('ferrox', folder('alpha').uri);
    const folderSettings = path.join(folder('alpha').uri.fsPath, '.vscode', 'settings.json');
    const before = fs.existsSync(folderSettings) ? (JSON.parse(fs.readFileSync(folderSettings, 'utf8')) as object) : {};
    try {
      await vscode.commands.executeCommand('ferrox.serve', folder('alpha'));
      // A command in the folder's own settings is never run (VS Code will not even write one
      // there: it is an application setting). Written by hand, then reread with the next edit.
      fs.mkdirSync(path.dirname(folderSettings), { recursive: true });
      fs.writeFileSync(
        folderSettings,
        JSON.stringify({ ...before, 'ferrox.browser.command': `"${process.execPath}" "${stub}" --from-workspace` }),
      );
      await setSetting('browser.followEditor', false, folder('alpha'));
      const command = `"${process.execPath}" "${stub}" --private-window`;
      await config().update('browser.command', command, vscode.ConfigurationTarget.Global);
      // update() can resolve before this extension host hears the new user value (seen on CI in
      // code-server): the command would then rightly use the default browser.
      await waitFor(
        'the user setting',
        () => config().inspect('browser.command')?.globalValue === command || undefined,
      );
      const page = vscode.Uri.file(path.join(folder('alpha').uri.fsPath, 'index.html'));
      await vscode.commands.executeCommand('ferrox.openInBrowser', page);
      if (vscode.env.remoteName !== undefined) {
        // code-server's window is remote: a browser started by the extension host would not be on
        // the user's screen, so VS Code's opener is used and the log says so.
        await waitForLog(site.api, 'the log line', /ferrox\.browser\.command is not used in a remote window/);
        await waitForLog(site.api, 'the opener', /Opening http:\S+\/index\.html in the browser\./);
        assert.ok(!fs.existsSync(record), 'no browser started on the remote side');
      } else {
        await waitFor('the stub browser', () => fs.existsSync(record) || undefined);
        assert.equal(fs.readFileSync(record, 'utf8'), `--private-window http://127.0.0.1:${site.port}/index.html\n`);
      }
    } finally {
      fs.writeFileSync(folderSettings, JSON.stringify(before));
      await config().update('browser.command', undefined, vscode.ConfigurationTarget.Global);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
