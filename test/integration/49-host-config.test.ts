import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { folder, get, readLog, setSetting, waitForLog } from './helpers';
import { clearSettings, suiteFolder } from './suiteFolder';

describe("the site's host files, in a real VS Code", function () {
  this.timeout(120_000);
  const site = suiteFolder('beta');
  const files = () => ({
    vercel: path.join(folder('beta').uri.fsPath, 'vercel.json'),
    about: path.join(folder('beta').uri.fsPath, 'about.html'),
  });
  after(async () => {
    fs.rmSync(files().vercel, { force: true });
    fs.rmSync(files().about, { force: true });
    await clearSettings(folder('beta'), ['cleanUrls']);
    await vscode.commands.executeCommand('ferrox.stop', folder('beta'));
  });

  it("applies vercel.json and says so in the log; ferrox.cleanUrls set to false wins over the file's cleanUrls", async () => {
    fs.writeFileSync(
      files().vercel,
      JSON.stringify({ cleanUrls: true, redirects: [{ source: '/old', destination: '/' }] }),
    );
    fs.writeFileSync(files().about, '<!doctype html><title>about</title><p>about</p>');
    await vscode.commands.executeCommand('ferrox.serve', folder('beta'));
    await waitForLog(
      site.api,
      'the host rules in the log',
      /The site's host rules: vercel\.json \(1 redirect, clean URLs\)/,
    );
    assert.equal((await get(`http://127.0.0.1:${site.port}/old`)).status, 308);
    assert.equal(
      (await get(`http://127.0.0.1:${site.port}/about`)).status,
      200,
      "the file's clean URLs: nothing set in VS Code",
    );
    // Served again with ferrox.cleanUrls set to false: what the user set wins over the file.
    await vscode.commands.executeCommand('ferrox.stop', folder('beta'));
    await setSetting('cleanUrls', false, folder('beta'));
    await vscode.commands.executeCommand('ferrox.serve', folder('beta'));
    const about = await get(`http://127.0.0.1:${site.port}/about`);
    assert.equal(
      about.status,
      404,
      readLog(site.api)
        .split('\n')
        .filter((l) => !/ GET /.test(l))
        .slice(-10)
        .join('\n'),
    );
    assert.equal((await get(`http://127.0.0.1:${site.port}/old`)).status, 308, 'the rest of the file still applies');
  });
});
