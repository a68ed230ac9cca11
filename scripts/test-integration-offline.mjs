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

/** `logName`: each start keeps its own log in test-artifacts/, so a later start does not erase an earlier one's. */
function startCodeServer(cache, port, base, env, logName) {
  // A quiet workbench: no welcome page or walkthrough over the editor area in screenshots.
  const userDir = path.join(base, 'user-data', 'User');
  fs.mkdirSync(userDir, { recursive: true });
  fs.writeFileSync(
    path.join(userDir, 'settings.json'),
    JSON.stringify({ 'workbench.startupEditor': 'none', 'workbench.tips.enabled': false }),
  );
  const log = fs.openSync(path.join(artifacts, logName), 'w');
  const child = spawn(
    process.execPath,
    [
      path.join(cache, 'node_modules/code-server/out/node/entry.js'),
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

async function main() {
  fs.mkdirSync(artifacts, { recursive: true });
  const cache = execFileSync('bash', [path.join(repo, 'scripts/install-vscode-server.sh')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
    .toString()
    .trim()
    .split('\n')
    .pop();
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
  let codeServer = startCodeServer(cache, port, ws.base, env, 'code-server.log');
  let browser;
  let failed = true;
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_FLAGS,
    });
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
      `\nIntegration suite in VS Code server (code-server), ${((Date.now() - started) / 1000).toFixed(1)} s:`,
    );
    report(data);
    const passed = data.results.filter((r) => r.state === 'passed').length;
    const suiteFailures = data.results.filter((r) => r.state === 'failed').length;

    console.log('\nUI test in the workbench:');
    const ui = await runUiTest({ browser, port, folder: ws.alpha, extensionPath: remote(repo), artifacts });
    for (const line of ui.log) console.log(`  ${line}`);

    // A window with no folder at all, as when a user opens one HTML file: the loose-file suite again.
    await stopProcessGroup(codeServer);
    const emptyResults = path.join(ws.base, 'results-empty.json');
    codeServer = startCodeServer(
      cache,
      port,
      ws.base,
      {
        ...env,
        FERROX_TEST_RESULTS: emptyResults,
        FERROX_TEST_GREP: EMPTY_WINDOW_SUITE,
        FERROX_TEST_EMPTY_WINDOW: '1',
      },
      'code-server-empty-window.log',
    );
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
    const emptyPage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await emptyPage.goto(`http://127.0.0.1:${port}/?ew=true&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const empty = await waitForResults(emptyResults, codeServer, 120_000);
    await emptyPage.close();
    console.log('\nIn a window with no folder:');
    report(empty);
    const emptyPassed = empty.results.filter((r) => r.state === 'passed').length;
    const emptyOk = emptyPassed > 0 && empty.failures === 0;
    if (emptyPassed === 0) console.log('  ✘ no test ran in the window with no folder');

    // The packaged VSIX, installed as a user would install it, in a workbench of its own.
    await stopProcessGroup(codeServer);
    let details = true;
    try {
      const vsix = packageForTest(ws.base);
      execFileSync(
        process.execPath,
        [
          path.join(cache, 'node_modules/code-server/out/node/entry.js'),
          '--extensions-dir',
          path.join(ws.base, 'extensions'),
          '--user-data-dir',
          path.join(ws.base, 'user-data'),
          '--install-extension',
          vsix,
        ],
        { stdio: 'ignore' },
      );
      codeServer = startCodeServer(cache, port, ws.base, env, 'code-server-vsix.log');
      await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
      console.log(
        `  ✔ ${await checkDetailsPage({ browser, port, folder: ws.alpha, artifacts, runCommand, readme: fs.readFileSync(path.join(repo, USER_README), 'utf8') })}`,
      );
    } catch (err) {
      details = false;
      console.log(`  ✘ the installed VSIX's details page: ${err.message}`);
    }
    const total = passed + emptyPassed + (ui.ok ? 1 : 0) + (details ? 1 : 0);
    const failures = suiteFailures + (emptyOk ? 0 : 1) + (ui.ok ? 0 : 1) + (details ? 0 : 1);
    console.log(`\nintegration: ${total} passed, ${failures} failed`);
    failed = failures > 0 || data.results.length === 0;
  } catch (err) {
    console.error(`\nintegration: ${err.stack ?? err}`);
    console.log('integration: 0 passed, 1 failed');
  } finally {
    await browser?.close().catch(() => undefined);
    await stopProcessGroup(codeServer);
    fs.rmSync(ws.base, { recursive: true, force: true });
    fs.rmSync(path.join(repo, '.vscode-test', 'results-path'), { force: true });
  }
  process.exitCode = failed ? 1 : 0;
}

await main();
