// How long the host's event loop can be held up while Ferrox serves big files in the same
// process, as it does in VS Code's extension host: the core runs in-process here, clients
// download a 1 GB file, and perf_hooks measures the event-loop delay meanwhile.
//
//   npm run bench:eventloop
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const { FerroxServer } = createRequire(import.meta.url)(path.join(here, '..', 'dist', 'core.js'));
const CLIENTS = Number(process.argv[process.argv.indexOf('--clients') + 1]) || 2;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-eventloop-'));
const file = path.join(dir, 'huge.bin');
fs.closeSync(fs.openSync(file, 'w'));
fs.truncateSync(file, 1024 * 1024 * 1024);
const server = new FerroxServer({ root: dir, port: 0 });
const { url } = await server.start();

const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
const started = performance.now();
await Promise.all(
  Array.from(
    { length: CLIENTS },
    () => new Promise((resolve) => spawn('curl', ['-s', '-o', '/dev/null', `${url}huge.bin`]).once('exit', resolve)),
  ),
);
const seconds = (performance.now() - started) / 1000;
delay.disable();
await server.stop();
fs.rmSync(dir, { recursive: true, force: true });

const ms = (ns) => (ns / 1e6).toFixed(2);
console.log(
  `\n${CLIENTS} clients × 1 GB in ${seconds.toFixed(1)} s (${((CLIENTS * 1024) / seconds).toFixed(0)} MB/s), served in-process`,
);
console.log('| event-loop delay | p50 ms | p99 ms | max ms |');
console.log('| --- | ---: | ---: | ---: |');
console.log(`| while streaming | ${ms(delay.percentile(50))} | ${ms(delay.percentile(99))} | ${ms(delay.max)} |`);
