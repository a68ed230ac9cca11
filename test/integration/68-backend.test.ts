import * as fs from 'node:fs';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { survivors } from '../shared/processes';
import { folder, get, readLog, waitFor, CEILING_MS } from './helpers';
import { suiteFolder } from './suiteFolder';

/** The user's own ferrox.backend.command (a workspace's would ask first, with a modal no test can answer). */
async function setUserBackend(command: string | undefined): Promise<void> {
  await vscode.workspace
    .getConfiguration('ferrox')
    .update('backend.command', command, vscode.ConfigurationTarget.Global);
  // update() can resolve before this extension host sees the user value (microsoft/vscode#25508).
  await waitFor(
    'the user setting',
    () => vscode.workspace.getConfiguration('ferrox').inspect('backend.command')?.globalValue === command || undefined,
  );
}

describe('a backend from the settings (ferrox.backend.command), in a real VS Code', function () {
  const site = suiteFolder('beta', { settings: { root: 'php' }, chromium: true });
  let root: string;
  before(async () => {
    root = path.join(folder('beta').uri.fsPath, 'php');
    await setUserBackend(`php -d opcache.revalidate_freq=0 -S 127.0.0.1:{port} -t ${root}`);
  });
  after(() => setUserBackend(undefined));

  it('runs the backend, serves the site from it, and a saved edit of an include reaches the page in place', async () => {
    await vscode.commands.executeCommand('ferrox.serve', folder('beta'));
    const first = await get(`http://127.0.0.1:${site.port}/`);
    assert.match(first.body.toString(), /<h1 id="msg">rendered by php<\/h1>/);
    assert.ok(
      survivors(`-t ${root}`).some((l) => / php -d \S+ -S /.test(l)),
      'php runs',
    );
    const page = await site.browser.newPage();
    try {
      let loads = 0;
      page.on('load', () => loads++);
      await page.goto(`http://127.0.0.1:${site.port}/`);
      await page.waitForFunction(
        () => (window as unknown as { __ferroxLive?: { connected: boolean } }).__ferroxLive?.connected === true,
      );
      await page.fill('#name', 'kept');
      const loadsBefore = loads;
      const part = vscode.Uri.file(path.join(root, 'part.php'));
      const editor = await vscode.window.showTextDocument(part);
      await editor.edit((b) =>
        b.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), '<h1 id="msg">edited in VS Code</h1>\n'),
      );
      await editor.document.save();
      await page
        .waitForFunction(() => document.getElementById('msg')?.textContent === 'edited in VS Code', undefined, {
          timeout: CEILING_MS,
        })
        .catch(async (err: Error) => {
          // What the page's client did, and what the server saw, for a failure that says why.
          const state = await page.evaluate(() =>
            JSON.stringify((window as unknown as { __ferroxLive: unknown }).__ferroxLive),
          );
          throw new Error(
            `${err.message}\nclient: ${state}\nlog:\n${readLog(site.api).split('\n').slice(-20).join('\n')}`,
          );
        });
      assert.equal(await page.inputValue('#name'), 'kept', 'the typed text stays');
      // The "Ferrox: Backend" channel says Ferrox's address first; php's banner follows, marked as the backend's.
      const channel = await waitFor("the backend channel with php's banner", () => {
        const dir = site.api.logUri.fsPath;
        const file = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => /Backend.*\.log$/.test(f)) : undefined;
        const text = file ? fs.readFileSync(path.join(dir, file), 'utf8') : '';
        return /Development Server/.test(text) ? text : undefined;
      });
      const ours = channel.search(/Ferrox serves the backend at http:\/\/\S+ with live reload/);
      const theirs = channel.search(/backend \| .*Development Server \(http:\/\/127\.0\.0\.1:\d+\) started/);
      assert.ok(ours >= 0 && ours < theirs, channel);
      assert.equal(loads, loadsBefore, 'no reload');
      assert.equal(
        await page.evaluate(() => (window as unknown as { loaded: number }).loaded),
        1,
        "the page's script ran once",
      );
    } finally {
      await page.close();
    }
    await vscode.commands.executeCommand('ferrox.stop', folder('beta'));
    await waitFor('no php left', () => survivors(`-t ${root}`).length === 0 || undefined, 5000);
    assert.doesNotMatch(readLog(site.api), /was not allowed to run|not run in Restricted Mode/);
  });
});
