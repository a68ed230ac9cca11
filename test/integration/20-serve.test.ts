import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { folder, get, isListening, readLog, setSetting, waitFor } from './helpers';
import { suiteFolder } from './suiteFolder';

describe('serving the workspace', () => {
  const site = suiteFolder('alpha');
  afterEach(() => vscode.commands.executeCommand('ferrox.stop', folder('alpha')));

  it('"Serve Workspace" serves the folder over HTTP', async () => {
    const url = await vscode.commands.executeCommand<string>('ferrox.serve', folder('alpha'));
    assert.ok(url, 'the command resolves with the URL');
    assert.ok(await isListening(site.port), `listening on the configured port ${site.port}`);
    const r = await get(`http://127.0.0.1:${site.port}/index.html?ferrox-live=0`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, fs.readFileSync(path.join(folder('alpha').uri.fsPath, 'index.html')));
    const css = await get(`http://127.0.0.1:${site.port}/style.css`);
    assert.deepEqual(css.body, fs.readFileSync(path.join(folder('alpha').uri.fsPath, 'style.css')));
    assert.match(
      (await get(`http://127.0.0.1:${site.port}/index.html`)).body.toString(),
      /<script src="\.\/__ferrox\/live\.js"/,
      'live reload is on by default',
    );
    assert.equal((await get(new URL('index.html', url).toString())).status, 200, 'the URL the command returned works');
  });

  it('"Stop" frees the port', async () => {
    await vscode.commands.executeCommand('ferrox.serve', folder('alpha'));
    assert.ok(await isListening(site.port));
    await vscode.commands.executeCommand('ferrox.stop', folder('alpha'));
    assert.equal(await isListening(site.port), false);
  });

  it('writes one short access line per request to the Ferrox log channel, or Combined Log Format when asked', async () => {
    await vscode.commands.executeCommand('ferrox.serve', folder('alpha'));
    const marker = `/index.html?probe=${Date.now()}`;
    await get(`http://127.0.0.1:${site.port}${marker}`, {
      headers: { 'User-Agent': 'probe-agent', Referer: 'http://example.test/a/long/referer' },
    });
    const line = await waitFor('the access line in Ferrox.log', () =>
      readLog(site.api)
        .split('\n')
        .find((l) => l.includes(marker)),
    );
    assert.match(line, /\[info\] GET \/index\.html\?probe=\d+ 200 \d+ B \d+(\.\d)? ms$/);
    assert.doesNotMatch(line, /probe-agent|example\.test/, 'no User-Agent or Referer in the short line');
    assert.match(readLog(site.api), /Serving .*alpha at http:\/\/127\.0\.0\.1:\d+\//);
    await setSetting('accessLog.format', 'combined', folder('alpha'));
    try {
      const combined = `/index.html?combined=${Date.now()}`;
      await waitFor('the combined line in Ferrox.log', async () => {
        await get(`http://127.0.0.1:${site.port}${combined}`, { headers: { 'User-Agent': 'probe-agent' } });
        return readLog(site.api)
          .split('\n')
          .find((l) => l.includes(combined) && l.includes('probe-agent'));
      });
      assert.match(
        readLog(site.api),
        /\[info\] 127\.0\.0\.1 - - \[.+\] "GET \/index\.html\?combined=\d+ HTTP\/1\.1" 200 \d+ "-" "probe-agent"/,
      );
    } finally {
      await setSetting('accessLog.format', undefined, folder('alpha'));
    }
  });

  it('"Open in Browser" gives the URL of a nested HTML file', async () => {
    const page = vscode.Uri.file(path.join(folder('alpha').uri.fsPath, 'nested', 'deep page', 'page.html'));
    await vscode.window.showTextDocument(page);
    const url = await vscode.commands.executeCommand<string>('ferrox.openInBrowser');
    assert.ok(url, 'a URL');
    assert.match(url, /\/nested\/deep%20page\/page\.html$/);
    const r = await get(url);
    assert.equal(r.status, 200);
    assert.match(r.body.toString(), /deep page/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
