/**
 * Entry point of the integration suite, shared by both runners: @vscode/test-electron calls
 * run() in a desktop VS Code, the offline runner in the VS Code server that code-server carries.
 * Results go to the console and, when FERROX_TEST_RESULTS names a file, to that file as JSON,
 * because a browser-hosted workbench has no console the runner can read.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import Mocha from 'mocha';

interface TestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export function resultsFile(): string | undefined {
  if (process.env.FERROX_TEST_RESULTS) return process.env.FERROX_TEST_RESULTS;
  // Fallback for hosts that do not pass the environment on: next to the test workspace.
  const marker = path.join(__dirname, '..', '..', '..', '.vscode-test', 'results-path');
  return fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8').trim() : undefined;
}

/** The suite that ends the extension (deactivate) runs last, whatever the order of the rest. */
const LAST = '90-deactivate.test.js';

export async function run(): Promise<void> {
  // FERROX_TEST_GREP runs only the tests whose titles match (while working on one suite).
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 120_000,
    color: false,
    reporter: 'spec',
    grep: process.env.FERROX_TEST_GREP || undefined,
  });
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js') && f !== LAST)
    .sort();
  for (const f of [...files, LAST]) mocha.addFile(path.join(__dirname, f));
  // Loaded here with require, as run() would, so that the suites can be reordered before they run.
  const loader = mocha as unknown as { loadFiles(): void; lazyLoadFiles(enable: boolean): void };
  loader.loadFiles();
  // Suites must not depend on running in order: FERROX_TEST_ORDER=reverse runs them, and the
  // tests inside each, the other way round (the last suite stays last).
  if (process.env.FERROX_TEST_ORDER === 'reverse') {
    const last = mocha.suite.suites.pop();
    mocha.suite.suites.reverse();
    if (last) mocha.suite.suites.push(last);
    for (const suite of mocha.suite.suites) suite.tests.reverse();
  }
  // Loaded (and perhaps reordered) above: run() must not load them again.
  loader.lazyLoadFiles(true);

  const results: TestResult[] = [];
  const out = resultsFile();
  await new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        if (out)
          fs.writeFileSync(out, JSON.stringify({ done: true, failures, vscode: vscode.version, results }, null, 2));
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
      runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
      runner.on('fail', (t, err: Error) =>
        results.push({ title: t.fullTitle(), state: 'failed', error: err.stack ?? err.message }),
      );
      runner.on('pending', (t) => results.push({ title: t.fullTitle(), state: 'pending' }));
    } catch (err) {
      if (out)
        fs.writeFileSync(
          out,
          JSON.stringify({
            done: true,
            failures: 1,
            results: [{ title: 'load', state: 'failed', error: String(err) }],
          }),
        );
      reject(err);
    }
  });
}
