import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { browserSuite, freePort, startCli, type Cli } from './browserHelpers';

const PAGE = (text: string) => `<!doctype html><html><head><title>big</title></head>
<body><h1 id="msg">${text}</h1><script src="app.js"></script></body></html>\n`;
const FILES = 3000;
const part = (i: number) => path.join('src', `part${i % 60}`, `m${i}.js`);

async function getText(port: number, urlPath: string): Promise<string> {
  return (await fetch(`http://127.0.0.1:${port}${urlPath}`)).text();
}

describe('a branch switch in a big tree (ferrox --live, a real git repository)', function () {
  this.timeout(60_000);
  const suite = browserSuite('bigtree');
  let dir: string;
  let cli: Cli;
  let port: number;
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', ...args], { cwd: dir, stdio: 'pipe' });

  before(async () => {
    dir = suite.dir;
    // main: a page, its script and 3,000 modules; "other": every one of them different.
    git('init', '-q', '-b', 'main');
    for (const [branch, tag] of [
      ['main', 'one'],
      ['other', 'two'],
    ]) {
      if (branch === 'other') git('checkout', '-q', '-b', 'other');
      suite.write('index.html', PAGE(`branch ${tag}`));
      suite.write('app.js', `window.branch = '${tag}';\n`);
      for (let i = 0; i < FILES; i++) suite.write(part(i), `export const v = '${tag} ${i}';\n`);
      git('add', '-A');
      git('commit', '-q', '-m', branch);
    }
    git('checkout', '-q', 'main');
    port = await freePort();
    cli = await startCli([dir, '--port', String(port), '--live', '--quiet']);
    suite.onClose(() => cli.stop());
  });

  it("reloads the page once, and every file served afterwards is the new branch's", async () => {
    // Fill the caches with every module, as a page that imports them would.
    for (let i = 0; i < FILES; i++)
      assert.equal(await getText(port, '/' + part(i).split(path.sep).join('/')), `export const v = 'one ${i}';\n`);
    const page = await suite.openLive(`http://127.0.0.1:${port}/`);
    let loads = 0;
    page.on('load', () => loads++);
    const started = Date.now();
    git('checkout', '-q', 'other');
    const took = Date.now() - started;
    // A long checkout may show the page's new text in place before its end; the new script runs once it is over.
    await page.waitForFunction(
      () =>
        document.getElementById('msg')?.textContent === 'branch two' &&
        (window as unknown as { branch?: string }).branch === 'two',
      undefined,
      { timeout: 10_000 },
    );
    assert.equal(await page.evaluate(() => (window as unknown as { branch: string }).branch), 'two');
    // A second reload would come from a second broadcast, which nothing marks: wait well past the burst and its debounce.
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(loads, 1, `one reload for a checkout of ${FILES + 2} files that took ${took} ms`);
    for (let i = 0; i < FILES; i++)
      assert.equal(await getText(port, '/' + part(i).split(path.sep).join('/')), `export const v = 'two ${i}';\n`);
    assert.equal(cli.stderr(), '', 'nothing to say');
  });
});
