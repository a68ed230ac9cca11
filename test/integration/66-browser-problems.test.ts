import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import type { Browser } from 'playwright-core';
import * as vscode from 'vscode';
import { launchChromium, PHONE } from '../shared/chromium';
import { activate, folder, freePort, setSetting, waitFor, CEILING_MS } from './helpers';

const THROWS = `// the original source
export function start(n: number): number {
  if (n > 1) throw new Error('boom on the phone\\u001b]0;title\\u0007');
  return n;
}
start(2);
`;

describe("a page's runtime error in the Problems panel, in a real VS Code", function () {
  this.timeout(120_000);
  let browser: Browser;
  let port: number;
  let base: string;
  const source = () => path.join(base, 'src', 'app.ts');
  const build = () =>
    buildSync({
      entryPoints: [source()],
      bundle: true,
      outfile: path.join(base, 'dist', 'app.js'),
      sourcemap: 'linked',
      logLevel: 'silent',
    });
  const problems = () =>
    vscode.languages.getDiagnostics(vscode.Uri.file(source())).filter((d) => d.source === 'Ferrox: browser');

  before(async () => {
    await activate();
    base = path.join(folder('beta').uri.fsPath, 'mapped');
    fs.mkdirSync(path.join(base, 'src'), { recursive: true });
    fs.writeFileSync(source(), THROWS);
    build();
    fs.writeFileSync(
      path.join(base, 'dist', 'index.html'),
      '<!doctype html><html><head><title>mapped</title></head><body><p>mapped</p><script src="app.js"></script></body></html>\n',
    );
    port = await freePort();
    await setSetting('port', port, folder('beta'));
    await setSetting('root', 'mapped/dist', folder('beta'));
    // playwright-core drives Debian's Chromium from inside the extension host.
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('ferrox.stop', folder('beta'));
    await setSetting('root', undefined, folder('beta'));
    await setSetting('port', undefined, folder('beta'));
    fs.rmSync(base, { recursive: true, force: true });
  });

  it("shows a phone page's thrown error at its original .ts line (through the source map), a tap on its place in the overlay opens it in VS Code, and the fixed save clears it", async () => {
    await vscode.commands.executeCommand('ferrox.serve', folder('beta'));
    const phone = await browser.newContext(PHONE);
    try {
      const page = await phone.newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      const [problem] = await waitFor('the problem', () => (problems().length > 0 ? problems() : undefined));
      assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(problem.range.start.line, 2, 'line 3 of app.ts, not of the bundle');
      assert.equal(
        problem.range.start.character,
        THROWS.split('\n')[2].indexOf('new Error'),
        'where Chrome says the error was made',
      );
      // What the page wrote is shown, never obeyed: its escape sequence arrives as text.
      assert.match(
        problem.message,
        /^Uncaught Error: boom on the phone\\x1b\]0;title\\x07 \(\/ on phone \(Chrome\)\)$/,
      );
      // The overlay on the phone (on by default): a tap on the error's place opens app.ts at the line in VS Code.
      await page.waitForFunction(() =>
        /app\.ts:3:/.test(document.querySelector('[data-ferrox-errors]')?.shadowRoot?.textContent ?? ''),
      );
      await page.locator('[data-ferrox-errors] >> css=.summary').tap();
      await page.locator('[data-ferrox-errors] >> css=button.where').tap();
      const opened = await waitFor('app.ts opened', () => {
        const editor = vscode.window.activeTextEditor;
        return editor?.document.uri.fsPath === source() ? editor : undefined;
      });
      assert.equal(opened.selection.active.line, 2);
      // The fix, saved in VS Code; the build runs as a watcher would, and the page reloads without the error.
      const editor = await vscode.window.showTextDocument(vscode.Uri.file(source()));
      await editor.edit((b) => b.replace(new vscode.Range(2, 0, 3, 0), "  if (n > 1) console.log('fine');\n"));
      await editor.document.save();
      assert.equal(problems().length, 0, 'cleared by the save');
      build();
      await page.waitForEvent('load', { timeout: CEILING_MS });
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(problems().length, 0, 'the reloaded page threw nothing');
    } finally {
      await phone.close();
    }
  });
});
