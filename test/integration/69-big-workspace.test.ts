import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { openEvents } from '../shared/events';
import { inotifyWatches } from '../shared/inotify';
import { folder, get, readLog, setSetting, waitFor } from './helpers';
import { suiteFolder } from './suiteFolder';

const MODULES = 20_000;
const ARTIFACTS = path.resolve(__dirname, '../../../test-artifacts');

/** From the command to the first 200 for `urlPath`, in ms. */
async function serveAndTime(scope: vscode.WorkspaceFolder, url: string): Promise<number> {
  const started = performance.now();
  await vscode.commands.executeCommand('ferrox.serve', scope);
  assert.equal((await get(url)).status, 200);
  return performance.now() - started;
}

describe('a big workspace (a node_modules of 20,000 files), in a real VS Code', function () {
  this.timeout(120_000);
  const site = suiteFolder('beta', {
    alsoClear: ['liveReload.poll', 'liveReload.pollInterval', 'liveReload.enabled', 'root'],
  });
  let big: string;

  before(async () => {
    big = path.join(folder('beta').uri.fsPath, 'big');
    for (let i = 0; i < MODULES; i++) {
      const dir = path.join(big, 'node_modules', `pkg${i % 800}`, `lib${i % 3}`);
      if (i < 2400) fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `m${i}.js`), `module.exports = ${i};\n`);
    }
    fs.mkdirSync(path.join(big, 'src'), { recursive: true });
    fs.writeFileSync(path.join(big, 'src', 'index.html'), '<!doctype html><title>big</title><p>0');
    await setSetting('root', 'big', folder('beta'));
  });
  after(() => fs.rmSync(big, { recursive: true, force: true }));

  it('serves at once and holds no watch of its own for the tree, with live reload on and off', async () => {
    const before = inotifyWatches();
    const url = `http://127.0.0.1:${site.port}/src/index.html`;
    const ms = await serveAndTime(folder('beta'), url);
    for (let i = 0; i < 50; i++) await get(`http://127.0.0.1:${site.port}/node_modules/pkg${i}/lib0/m${i}.js`);
    const live = inotifyWatches() - before;
    await vscode.commands.executeCommand('ferrox.stop', folder('beta'));
    // Without live reload the server watches the folders its caches hold, one watch each, and no more.
    await setSetting('liveReload.enabled', false, folder('beta'));
    const msOff = await serveAndTime(folder('beta'), url);
    for (let i = 0; i < 50; i++) await get(`http://127.0.0.1:${site.port}/node_modules/pkg${i}/lib0/m${i}.js`);
    const off = inotifyWatches() - before;
    await vscode.commands.executeCommand('ferrox.stop', folder('beta'));
    await setSetting('liveReload.enabled', undefined, folder('beta'));
    // The figures, for the record (test output inside VS Code is not shown by every runner).
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(
      path.join(ARTIFACTS, 'big-workspace.txt'),
      `${vscode.env.appName} ${vscode.version}, node_modules of ${MODULES} files: ` +
        `serve → first 200 ${ms.toFixed(0)} ms with live reload, ${msOff.toFixed(0)} ms without; watches held by the extension host: ${live} and ${off}\n`,
    );
    assert.equal(live, 0, "live reload hears the tree through VS Code's watcher: the core watches nothing");
    assert.ok(off >= 1 && off <= 51, `one watch per folder served from (src and 50 lib0 folders at most): ${off}`);
    assert.equal(inotifyWatches(), before, 'stopping lets go of them');
  });

  it('polls when ferrox.liveReload.poll says "always", hearing a change made outside VS Code, and logs why once', async () => {
    await setSetting('liveReload.poll', 'always', folder('beta'));
    await setSetting('liveReload.pollInterval', 100, folder('beta'));
    await vscode.commands.executeCommand('ferrox.serve', folder('beta'));
    await waitFor(
      'the poll said',
      () =>
        /Polling \S+ for changes every 100 ms: ferrox\.liveReload\.poll is "always"/.test(readLog(site.api)) ||
        undefined,
    );
    const events = await openEvents(site.port);
    try {
      assert.equal((await events.next()).event, 'hello');
      fs.writeFileSync(path.join(big, 'src', 'index.html'), '<!doctype html><title>big</title><p>1');
      const change = await Promise.race([
        events.next(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no change within 5 s')), 5000)),
      ]);
      assert.equal(change.event, 'change');
      assert.match(JSON.stringify(change.data), /\/src\/index\.html/);
      assert.equal(readLog(site.api).match(/Polling \S+ for changes/g)?.length, 1);
    } finally {
      events.close();
    }
  });
});
