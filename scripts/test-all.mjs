// `npm test`: every suite runs, whatever an earlier one did, and each is reported; the command
// fails if any failed. (Chained with &&, a failing unit test hid whether the browser suite, the
// real VS Code and the benchmark's smoke run worked at all.)
import { spawnSync } from 'node:child_process';

const SUITES = [
  ['unit', 'test:unit'],
  ['browser', 'test:browser'],
  ['integration', 'test:integration'],
  ['bench smoke', 'bench:smoke'],
];

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const results = [];
for (const [name, script] of SUITES) {
  const started = Date.now();
  const run = spawnSync(npm, ['run', script], { stdio: 'inherit', shell: process.platform === 'win32' });
  const code = run.status ?? (run.signal ? `signal ${run.signal}` : 1);
  results.push({ name, ok: code === 0, code, seconds: (Date.now() - started) / 1000 });
}

console.log('\nSuites:');
for (const r of results)
  console.log(
    `  ${r.ok ? 'passed' : 'FAILED'}  ${r.name} (${r.seconds.toFixed(0)} s)${r.ok ? '' : `, exit ${r.code}`}`,
  );
const failed = results.filter((r) => !r.ok);
if (failed.length > 0) console.log(`Failed: ${failed.map((r) => r.name).join(', ')}.`);
console.log(`suites: ${results.length - failed.length} passed, ${failed.length} failed`);
process.exitCode = failed.length === 0 ? 0 : 1;
