// `npm test`: every suite runs, whatever an earlier one did, and each is reported; the command
// fails if any failed. (Chained with &&, a failing unit test hid whether the browser suite, the
// real VS Code and the benchmark's smoke run worked at all.) A failed suite's failures are shown
// again just above the summary, so the last screen of a long log (all a CI page may keep) names them.
import { spawn } from 'node:child_process';

const SUITES = [
  ['unit', 'test:unit'],
  ['browser', 'test:browser'],
  ['integration', 'test:integration'],
  ['bench smoke', 'bench:smoke'],
];
/** Lines of a failed suite repeated in the summary. */
const EXCERPT_LINES = 24;
/** Where a suite's own account of a failure starts: mocha's "N failing", the integration runner's ✘. */
const FAILURE_START = /^\s*\d+ failing\s*$|✘|^\s*integration: .*Error/;

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function runSuite(script) {
  return new Promise((resolve) => {
    const child = spawn(npm, ['run', script], {
      stdio: ['inherit', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
    });
    const lines = [];
    let partial = '';
    const take = (chunk, stream) => {
      stream.write(chunk);
      const text = partial + chunk.toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop();
      for (const l of parts) lines.push(l);
    };
    child.stdout.on('data', (c) => take(c, process.stdout));
    child.stderr.on('data', (c) => take(c, process.stderr));
    child.on('close', (status, signal) => {
      if (partial) lines.push(partial);
      resolve({ code: status ?? (signal ? `signal ${signal}` : 1), lines });
    });
  });
}

/** The part of a failed suite's output that says what failed, or its last lines. */
function excerpt(lines) {
  // eslint-disable-next-line no-control-regex
  const plain = lines.map((l) => l.replace(/\x1b\[[0-9;]*m/g, ''));
  const start = plain.findIndex((l) => FAILURE_START.test(l));
  const from = start >= 0 ? start : Math.max(0, plain.length - EXCERPT_LINES);
  const picked = plain.slice(from, from + EXCERPT_LINES).filter((l) => l.trim() !== '');
  return picked.map((l) => `    ${l.length > 200 ? `${l.slice(0, 200)}…` : l}`);
}

const results = [];
for (const [name, script] of SUITES) {
  const started = Date.now();
  const run = await runSuite(script);
  results.push({ name, ok: run.code === 0, code: run.code, seconds: (Date.now() - started) / 1000, lines: run.lines });
}

const failed = results.filter((r) => !r.ok);
for (const r of failed) {
  console.log(`\n${r.name} failed:`);
  for (const l of excerpt(r.lines)) console.log(l);
}
console.log('\nSuites:');
for (const r of results)
  console.log(
    `  ${r.ok ? 'passed' : 'FAILED'}  ${r.name} (${r.seconds.toFixed(0)} s)${r.ok ? '' : `, exit ${r.code}`}`,
  );
if (failed.length > 0) console.log(`Failed: ${failed.map((r) => r.name).join(', ')}.`);
console.log(`suites: ${results.length - failed.length} passed, ${failed.length} failed`);
process.exitCode = failed.length === 0 ? 0 : 1;
