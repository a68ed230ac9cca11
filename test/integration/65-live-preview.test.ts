import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import * as vscode from 'vscode';
import { countLoads, instanceOf, settlesOn } from '../shared/restart';
import { folder, setSetting, waitFor, type FerroxApi, CEILING_MS } from './helpers';
import { suiteFolder } from './suiteFolder';

/** The "Ferrox: Browser" channel's text, from its log file beside the "Ferrox" one. */
function readBrowserLog(api: FerroxApi): string {
  if (!fs.existsSync(api.logUri.fsPath)) return '';
  const file = fs.readdirSync(api.logUri.fsPath).find((f) => /Browser.*\.log$/.test(f));
  return file ? fs.readFileSync(path.join(api.logUri.fsPath, file), 'utf8') : '';
}

describe('live preview in a browser, driven from the editor', function () {
  const site = suiteFolder('alpha', { serve: true, chromium: true });

  async function openPage(rel: string): Promise<Page> {
    const page = await site.browser.newPage();
    await page.goto(`http://127.0.0.1:${site.port}/${rel}`);
    await page.waitForFunction(
      () => (window as unknown as { __ferroxLive?: { connected: boolean } }).__ferroxLive?.connected === true,
    );
    return page;
  }

  it('morphs the page in place as the user types, keeping typed input and JS state', async function () {
    const file = path.join(folder('alpha').uri.fsPath, 'live', 'form.html');
    const page = await openPage('live/form.html');
    let loads = 0;
    page.on('load', () => loads++);
    let onText: ((text: string) => void) | undefined;
    await page.exposeBinding('__said', (_source, text: string) => onText?.(text));
    await page.evaluate(() => {
      const said = () =>
        (window as unknown as { __said(t: string): void }).__said(document.getElementById('said')?.textContent ?? '');
      new MutationObserver(said).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.fill('#name', 'kept');
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(file));
    const samples: number[] = [];
    for (let i = 1; i <= 10; i++) {
      const want = `said ${i}`;
      const shown = new Promise<void>((resolve) => {
        onText = (text) => {
          if (text === want) resolve();
        };
      });
      const line = editor.document.lineAt(3);
      const t0 = performance.now();
      await editor.edit((e) => e.replace(line.range, `<p id="said">${want}</p>`));
      await Promise.race([
        shown,
        new Promise((_, reject) => setTimeout(() => reject(new Error(`edit ${i} not shown in 5 s`)), 5000)),
      ]);
      samples.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 150));
    }
    assert.ok(editor.document.isDirty, 'never saved');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(await page.inputValue('#name'), 'kept');
    assert.equal(await page.evaluate(() => (window as unknown as { loaded: number }).loaded), 1, 'the script ran once');
    assert.equal(loads, 0, 'no reload');
    samples.sort((a, b) => a - b);
    const median = samples[Math.floor(samples.length / 2)];
    // A figure for the record, not a pass mark (timing targets live in bench/): the runners
    // print test titles, and the extension host has no console they read.
    this.test!.title += ` [edit -> new text: median ${median.toFixed(1)} ms, max ${samples[samples.length - 1].toFixed(1)} ms, 10 edits]`;
    await page.close();
  });

  it('shows a Markdown file as a page and updates it in place as the user types (unsaved)', async () => {
    const file = path.join(folder('alpha').uri.fsPath, 'live', 'notes.md');
    const page = await openPage('live/notes.md');
    const loads = countLoads(page);
    try {
      assert.equal(await page.locator('h1#notes').count(), 1, 'rendered, the heading with its id');
      await page.evaluate(() => {
        (window as unknown as { kept: number }).kept = 7;
      });
      const editor = await vscode.window.showTextDocument(vscode.Uri.file(file));
      await editor.edit((e) => e.replace(editor.document.lineAt(2).range, '## Typed here\n\nwith *emphasis*'));
      await page.waitForSelector('h2#typed-here', { timeout: CEILING_MS });
      assert.equal(await page.locator('h2#typed-here + p em').textContent(), 'emphasis');
      assert.equal(
        await page.evaluate(() => (window as unknown as { kept?: number }).kept),
        7,
        'in place, not reloaded',
      );
      assert.equal(loads(), 0);
      // A script's fetch still gets the text (unsaved, as served).
      assert.match(await page.evaluate(async () => (await fetch('notes.md')).text()), /^# Notes\n\n## Typed here/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await page.close();
    }
  });

  it('shows a page\'s console.error in "Ferrox: Browser" with a link to the file and line', async () => {
    const page = await openPage('live/console.html');
    const file = path.join(folder('alpha').uri.fsPath, 'live', 'noisy.js');
    const line = await waitFor('the browser message in its channel', () =>
      readBrowserLog(site.api)
        .split('\n')
        .find((l) => l.includes('from a page in VS Code')),
    );
    assert.match(line, /\[error\]/);
    assert.match(line, /\[alpha\] \/live\/console\.html on desktop \(Chrome\): from a page in VS Code \{answer: 42\}/);
    assert.ok(line.includes(`(${fs.realpathSync(file)}:2:9)`) || line.includes(`(${file}:2:9)`), line);
    await page.close();
  });

  it('outlines the element under the cursor in the page, and clears it when another editor is active', async () => {
    const file = path.join(folder('alpha').uri.fsPath, 'live', 'console.html');
    const page = await openPage('live/console.html');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const editor = await vscode.window.showTextDocument(doc);
    const at = doc.positionAt(doc.getText().indexOf('console</p>'));
    editor.selection = new vscode.Selection(at, at);
    await page.waitForSelector('[data-ferrox-overlay]', { state: 'attached', timeout: CEILING_MS });
    const box = await page.evaluate(() => {
      const o = document.querySelector('[data-ferrox-overlay]')!.getBoundingClientRect();
      const p = document.querySelector('p')!.getBoundingClientRect();
      return { dy: Math.abs(o.top - p.top), dw: Math.abs(o.width - p.width) };
    });
    assert.ok(box.dy < 1 && box.dw < 1, `the outline covers the <p>: ${JSON.stringify(box)}`);
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(folder('alpha').uri.fsPath, 'style.css')));
    await page.waitForSelector('[data-ferrox-overlay]', { state: 'detached', timeout: CEILING_MS });
    await page.close();
  });

  it('a CSS edit saved in VS Code is fetched by the page once, not once per way VS Code tells of it', async () => {
    const css = path.join(folder('alpha').uri.fsPath, 'style.css');
    const original = fs.readFileSync(css, 'utf8');
    const styled = path.join(folder('alpha').uri.fsPath, 'live', 'styled.html');
    fs.writeFileSync(
      styled,
      '<!doctype html>\n<html><head><title>styled</title><link rel="stylesheet" href="../style.css"></head><body><h1>styled</h1></body></html>\n',
    );
    const page = await openPage('live/styled.html');
    const fetched: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('style.css')) fetched.push(r.url());
    });
    try {
      const editor = await vscode.window.showTextDocument(vscode.Uri.file(css));
      await editor.edit((b) =>
        b.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), 'h1 { color: rgb(0, 128, 0); }\n'),
      );
      await page.waitForFunction(
        () => getComputedStyle(document.querySelector('h1')!).color === 'rgb(0, 128, 0)',
        undefined,
        { timeout: CEILING_MS },
      );
      await new Promise((r) => setTimeout(r, 500));
      const typed = fetched.length;
      await editor.document.save();
      // VS Code's watcher reports the save some time after it: wait for that too.
      await new Promise((r) => setTimeout(r, 2500));
      assert.equal(
        fetched.length - typed,
        0,
        `the page already showed the saved text; fetched again ${fetched.length - typed} times after the save (typing: ${typed})`,
      );
    } finally {
      await page.close();
      fs.writeFileSync(css, original);
      fs.rmSync(styled, { force: true });
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it("a file another tool rewrites just after a save reaches the page: it is news, not the save's echo (typing not live)", async () => {
    // With onType off VS Code's watcher is the only way the page hears of it (an open document
    // that another tool rewrites is also reloaded in the editor, which typing-live would announce).
    await setSetting('liveReload.onType', false, folder('alpha'));
    const css = path.join(folder('alpha').uri.fsPath, 'style.css');
    const original = fs.readFileSync(css, 'utf8');
    const styled = path.join(folder('alpha').uri.fsPath, 'live', 'styled.html');
    fs.writeFileSync(
      styled,
      '<!doctype html>\n<html><head><title>styled</title><link rel="stylesheet" href="../style.css"></head><body><h1>styled</h1></body></html>\n',
    );
    const page = await openPage('live/styled.html');
    try {
      const editor = await vscode.window.showTextDocument(vscode.Uri.file(css));
      await editor.edit((b) =>
        b.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), 'h1 { color: rgb(0, 100, 0); }\n'),
      );
      await editor.document.save();
      await page.waitForFunction(
        () => getComputedStyle(document.querySelector('h1')!).color === 'rgb(0, 100, 0)',
        undefined,
        { timeout: CEILING_MS },
      );
      fs.writeFileSync(css, 'h1 { color: rgb(0, 0, 255); }\n');
      await page.waitForFunction(
        () => getComputedStyle(document.querySelector('h1')!).color === 'rgb(0, 0, 255)',
        undefined,
        { timeout: CEILING_MS },
      );
    } finally {
      await page.close();
      fs.writeFileSync(css, original);
      fs.rmSync(styled, { force: true });
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await setSetting('liveReload.onType', undefined, folder('alpha'));
    }
  });

  it("opens the source at the element's start tag on Alt+click in the page", async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(vscode.window.activeTextEditor, undefined);
    const file = path.join(folder('alpha').uri.fsPath, 'live', 'form.html');
    const page = await openPage('live/form.html');
    await page.click('#name', { modifiers: ['Alt'] });
    const editor = await waitFor('the editor on form.html', () => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.fsPath === file ? e : undefined;
    });
    const offset = editor.document.offsetAt(editor.selection.active);
    assert.equal(editor.document.getText().slice(offset, offset + 16), '<input id="name"');
    assert.equal(editor.selection.active.line, 4, 'the line of <input id="name">');
    await page.close();
  });

  it('a page left open across Stop and Serve, and across a settings change that restarts live reload, reloads once each time and still follows edits', async () => {
    const url = `http://127.0.0.1:${site.port}/live/form.html`;
    const page = await openPage('live/form.html');
    const loads = countLoads(page);
    try {
      await vscode.commands.executeCommand('ferrox.stop', folder('alpha'));
      await vscode.commands.executeCommand('ferrox.serve', folder('alpha'));
      await settlesOn(page, loads, await instanceOf(url));
      await setSetting('liveReload.enabled', false, folder('alpha'));
      await setSetting('liveReload.enabled', undefined, folder('alpha'));
      await waitFor('live reload back on', async () => await instanceOf(url).catch(() => undefined));
      await settlesOn(page, loads, await instanceOf(url));
      const editor = await vscode.window.showTextDocument(
        vscode.Uri.file(path.join(folder('alpha').uri.fsPath, 'live', 'form.html')),
      );
      await editor.edit((e) => e.replace(editor.document.lineAt(3).range, '<p id="said">after the restarts</p>'));
      await page.waitForFunction(
        () => document.getElementById('said')?.textContent === 'after the restarts',
        undefined,
        { timeout: CEILING_MS },
      );
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await page.close();
    }
  });
});
