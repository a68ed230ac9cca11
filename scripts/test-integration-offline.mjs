// Runs test/integration inside the VS Code server that code-server carries, driven by headless
// Chromium (playwright-core), for machines that cannot download VS Code. Then drives the real
// workbench UI once and keeps screenshots in test-artifacts/. Exits non-zero on any failure or
// time-out, and stops every process it started.
import { spawn, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { makeTestWorkspace } from './testWorkspace.mjs';
import { checkDetailsPage } from './detailsPageTest.mjs';
import { packageVsix, USER_README } from './packageVsix.mjs';
import { runCommand, runUiTest } from './uiTest.mjs';
import { freePort } from './freePort.mjs';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const artifacts = path.join(repo, 'test-artifacts');
const SUITE_TIMEOUT_MS = 6 * 60_000;

/**
 * The VS Code versions the suites run in: the oldest the extension supports (engines.vscode) and
 * the newest. `FERROX_VSCODE=1.99.3` (or a comma list) runs only those. The newer workbench reads
 * the test payload only with its smoke-test driver on; the UI test and the packaged VSIX's
 * details page run in the oldest, whose workbench they drive by its DOM.
 */
const VERSIONS = [
  { vscode: '1.99.3', codeServer: '4.99.4', args: [], workbench: true },
  { vscode: '1.139.1', codeServer: '4.139.1', args: ['--vscode-option', 'enable-smoke-test-driver'], workbench: false },
].filter((v) => !process.env.FERROX_VSCODE || process.env.FERROX_VSCODE.split(',').includes(v.vscode));
/** The suite that runs again in a window with no folder open (a grep of its title). */
const EMPTY_WINDOW_SUITE = 'an HTML file outside every workspace folder';

async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { redirect: 'manual' });
      if (res.status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer at ${url} within ${timeoutMs} ms`);
}

/**
 * `install`: the cache folder and node of a VS Code version (installVersion); `logName`: each
 * start keeps its own log in test-artifacts/, so a later start does not erase an earlier one's.
 */
function startCodeServer(install, port, base, env, logName) {
  const { cache, node, args } = install;
  // A quiet workbench: no welcome page or walkthrough over the editor area in screenshots.
  const userDir = path.join(base, 'user-data', 'User');
  fs.mkdirSync(userDir, { recursive: true });
  fs.writeFileSync(
    path.join(userDir, 'settings.json'),
    JSON.stringify({ 'workbench.startupEditor': 'none', 'workbench.tips.enabled': false }),
  );
  const log = fs.openSync(path.join(artifacts, logName), 'w');
  const child = spawn(
    node,
    [
      path.join(cache, 'node_modules/code-server/out/node/entry.js'),
      ...args,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--config',
      path.join(base, 'config.yaml'),
      '--user-data-dir',
      path.join(base, 'user-data'),
      '--extensions-dir',
      path.join(base, 'extensions'),
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
    ],
    { env: { ...process.env, ...env }, stdio: ['ignore', log, log], detached: true },
  );
  return child;
}

/** Stops code-server and the watcher children it forked (one process group). */
async function stopProcessGroup(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    /* gone */
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }, 3000);
  await exited;
  clearTimeout(timer);
}

async function waitForResults(file, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`code-server exited early (code ${child.exitCode}); see its log in test-artifacts/`);
    if (fs.existsSync(file)) {
      try {
        const data = JSON.parse(fs.readFileSync(file, 'utf8'));
        if (data.done) return data;
      } catch {
        /* being written */
      }
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the integration suite did not finish within ${timeoutMs / 1000} s`);
}

function report(data) {
  for (const r of data.results) {
    const mark = r.state === 'passed' ? '✔' : r.state === 'pending' ? '-' : '✘';
    console.log(`  ${mark} ${r.title}${r.durationMs ? ` (${r.durationMs} ms)` : ''}`);
    if (r.error)
      console.log(
        r.error
          .split('\n')
          .map((l) => `      ${l}`)
          .join('\n'),
      );
  }
}

/** Packages the VSIX as `npm run package` does, then puts the development build back. */
function packageForTest(dir) {
  const vsix = packageVsix(path.join(dir, 'serve-folder.vsix'), 'ignore');
  execFileSync(process.execPath, [path.join(repo, 'esbuild.mjs')], { cwd: repo, stdio: 'ignore' });
  return vsix;
}

/** Installs (once) the VS Code server of `v`: its cache folder and the node that runs it. */
function installVersion(v) {
  const [cache, node] = execFileSync('bash', [path.join(repo, 'scripts/install-vscode-server.sh'), v.codeServer], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
    .toString()
    .trim()
    .split('\n')
    .slice(-2);
  return { cache, node, args: v.args };
}

/** Runs the suites in one VS Code version; returns its passed and failed counts. */
async function runVersion(v, browser) {
  const install = installVersion(v);
  const ws = makeTestWorkspace();
  const resultsFile = path.join(ws.base, 'results.json');
  fs.mkdirSync(path.join(repo, '.vscode-test'), { recursive: true });
  fs.writeFileSync(path.join(repo, '.vscode-test', 'results-path'), resultsFile);
  const port = await freePort();
  const env = {
    FERROX_TEST_RESULTS: resultsFile,
    // The local CA of the tests lives with the test workspace, never in the user's home.
    FERROX_HOME: path.join(ws.base, 'ferrox-home'),
  };
  const log = (name) => `code-server-${v.vscode}${name}.log`;
  let codeServer = startCodeServer(install, port, ws.base, env, log(''));
  let total = 0;
  let failures = 1;
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(repo)],
      ['extensionTestsPath', remote(path.join(repo, 'out/test/integration/index'))],
    ];
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const started = Date.now();
    await page.goto(
      `http://127.0.0.1:${port}/?workspace=${encodeURIComponent(ws.workspaceFile)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
    );
    const data = await waitForResults(resultsFile, codeServer, SUITE_TIMEOUT_MS);
    await page.close();
    console.log(
      `\nIntegration suite in VS Code ${data.vscode} (code-server ${v.codeServer}), ${((Date.now() - started) / 1000).toFixed(1)} s:`,
    );
    report(data);
    // The version the extension host reports, not the one asked for: the suite ran there.
    if (data.vscode !== v.vscode) throw new Error(`the suite ran in VS Code ${data.vscode}, not ${v.vscode}`);
    const passed = data.results.filter((r) => r.state === 'passed').length;
    const suiteFailures = data.results.filter((r) => r.state === 'failed').length + (passed === 0 ? 1 : 0);

    let ui = { ok: true, skipped: true };
    if (v.workbench) {
      console.log(`\nUI test in the workbench of VS Code ${v.vscode}:`);
      ui = await runUiTest({ browser, port, folder: ws.alpha, extensionPath: remote(repo), artifacts });
      for (const line of ui.log) console.log(`  ${line}`);
    }

    // A window with no folder at all, as when a user opens one HTML file: the loose-file suite again.
    await stopProcessGroup(codeServer);
    const emptyResults = path.join(ws.base, 'results-empty.json');
    codeServer = startCodeServer(
      install,
      port,
      ws.base,
      {
        ...env,
        FERROX_TEST_RESULTS: emptyResults,
        FERROX_TEST_GREP: EMPTY_WINDOW_SUITE,
        FERROX_TEST_EMPTY_WINDOW: '1',
      },
      log('-empty-window'),
    );
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
    const emptyPage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await emptyPage.goto(`http://127.0.0.1:${port}/?ew=true&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const empty = await waitForResults(emptyResults, codeServer, 120_000);
    await emptyPage.close();
    console.log(`\nIn a window with no folder (VS Code ${v.vscode}):`);
    report(empty);
    const emptyPassed = empty.results.filter((r) => r.state === 'passed').length;
    const emptyOk = emptyPassed > 0 && empty.failures === 0;
    if (emptyPassed === 0) console.log('  ✘ no test ran in the window with no folder');

    // The packaged VSIX, installed as a user would install it, in a workbench of its own.
    await stopProcessGroup(codeServer);
    let details = { ok: true, skipped: true };
    if (v.workbench) {
      details = { ok: true };
      try {
        const vsix = packageForTest(ws.base);
        execFileSync(
          install.node,
          [
            path.join(install.cache, 'node_modules/code-server/out/node/entry.js'),
            '--extensions-dir',
            path.join(ws.base, 'extensions'),
            '--user-data-dir',
            path.join(ws.base, 'user-data'),
            '--install-extension',
            vsix,
          ],
          { stdio: 'ignore' },
        );
        codeServer = startCodeServer(install, port, ws.base, env, log('-vsix'));
        await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
        console.log(
          `  ✔ ${await checkDetailsPage({ browser, port, folder: ws.alpha, artifacts, runCommand, readme: fs.readFileSync(path.join(repo, USER_README), 'utf8') })}`,
        );
      } catch (err) {
        details = { ok: false };
        console.log(`  ✘ the installed VSIX's details page: ${err.message}`);
      }
    }
    const counted = (x) => (x.skipped ? 0 : 1);
    total = passed + emptyPassed + (ui.ok ? counted(ui) : 0) + (details.ok ? counted(details) : 0);
    failures = suiteFailures + (emptyOk ? 0 : 1) + (ui.ok ? 0 : 1) + (details.ok ? 0 : 1);
    console.log(`\nintegration, VS Code ${v.vscode}: ${total} passed, ${failures} failed`);
  } catch (err) {
    console.error(`\nintegration, VS Code ${v.vscode}: ${err.stack ?? err}`);
    console.log(`integration, VS Code ${v.vscode}: ${total} passed, 1 failed`);
  } finally {
    await stopProcessGroup(codeServer);
    fs.rmSync(ws.base, { recursive: true, force: true });
    fs.rmSync(path.join(repo, '.vscode-test', 'results-path'), { force: true });
  }
  return { total, failures };
}

async function main() {
  fs.mkdirSync(artifacts, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
  let total = 0;
  let failures = 0;
  try {
    for (const v of VERSIONS) {
      const r = await runVersion(v, browser);
      total += r.total;
      failures += r.failures;
    }
  } finally {
    await browser.close().catch(() => undefined);
  }
  console.log(
    `\nintegration: ${total} passed, ${failures} failed (VS Code ${VERSIONS.map((v) => v.vscode).join(' and ')})`,
  );
  process.exitCode = failures === 0 && total > 0 ? 0 : 1;
}

await main();
