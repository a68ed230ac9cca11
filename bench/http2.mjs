// HTTP/2 benchmark: many streams on a few connections for a small file, Ferrox (`--https`, which
// speaks h2) against nginx (`ssl http2`), both with one certificate from Ferrox's local CA, in one
// run, driven by h2load (Debian's nghttp2-client). Prints the median of interleaved rounds.
//
//   npm run bench:http2              # 3 rounds of 200,000 requests each
//   npm run bench:http2 -- --smoke   # 1 round of 20,000
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../scripts/freePort.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const smoke = process.argv.includes('--smoke');
const ROUNDS = smoke ? 1 : 3;
const REQUESTS = smoke ? 20_000 : 200_000;
const CLIENTS = 4;
const STREAMS = 32;

for (const tool of ['h2load', 'nginx']) {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
  } catch {
    console.error(`bench: ${tool} is missing (apt-get install nghttp2-client nginx-light)`);
    process.exit(2);
  }
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-h2-bench-'));
fs.chmodSync(work, 0o755);
const site = path.join(work, 'site');
fs.mkdirSync(site);
fs.writeFileSync(path.join(site, 'small.txt'), 'x'.repeat(1024));
const home = path.join(work, 'ferrox-home');

function waitForLine(child, pattern) {
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (c) => {
      out += c;
      if (pattern.test(out)) resolve(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

async function startFerrox(port) {
  const child = spawn(process.execPath, [path.join(repo, 'dist/cli.js'), site, '--port', String(port), '--https', '--quiet'],
    { env: { ...process.env, FERROX_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  return waitForLine(child, /Serving/);
}

async function startNginx(port) {
  // The same certificate Ferrox made, readable by nginx's worker.
  for (const f of ['localhost.pem', 'localhost-key.pem']) fs.copyFileSync(path.join(home, f), path.join(work, f));
  const conf = path.join(work, 'nginx.conf');
  fs.writeFileSync(conf, `worker_processes 1;
daemon off;
error_log ${work}/nginx-error.log;
pid ${work}/nginx.pid;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:${port} ssl http2;
    ssl_certificate ${work}/localhost.pem;
    ssl_certificate_key ${work}/localhost-key.pem;
    root ${site};
  }
}
`);
  const child = spawn('nginx', ['-c', conf, '-p', work], { stdio: ['ignore', 'pipe', 'pipe'] });
  for (let i = 0; i < 50; i++) {
    try {
      execFileSync('h2load', ['-n', '1', `https://127.0.0.1:${port}/small.txt`], { stdio: 'ignore' });
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('nginx did not answer over h2');
}

function h2load(port) {
  const out = execFileSync('h2load', ['-n', String(REQUESTS), '-c', String(CLIENTS), '-m', String(STREAMS), `https://127.0.0.1:${port}/small.txt`]).toString();
  const rate = Number(/finished in [\d.]+m?s, ([\d.]+) req\/s/.exec(out)?.[1]);
  const ok = Number(/(\d+) succeeded/.exec(out)?.[1]);
  const protocol = /Application protocol: (\S+)/.exec(out)?.[1];
  if (protocol !== 'h2' || ok !== REQUESTS) throw new Error(`h2load: protocol ${protocol}, ${ok} of ${REQUESTS} succeeded\n${out}`);
  return rate;
}

const stop = (child) => new Promise((r) => { if (child.exitCode !== null) return r(); child.once('exit', r); child.kill('SIGTERM'); });

const ferroxPort = await freePort();
const nginxPort = await freePort();
const ferrox = await startFerrox(ferroxPort); // first: it makes the certificate nginx uses
const nginx = await startNginx(nginxPort);
const rates = { ferrox: [], nginx: [] };
try {
  h2load(ferroxPort); // warm-up
  h2load(nginxPort);
  for (let round = 0; round < ROUNDS; round++) {
    rates.ferrox.push(h2load(ferroxPort));
    rates.nginx.push(h2load(nginxPort));
    console.error(`  round ${round + 1}: ferrox ${rates.ferrox.at(-1).toFixed(0)}, nginx ${rates.nginx.at(-1).toFixed(0)} req/s`);
  }
} finally {
  await stop(ferrox);
  await stop(nginx);
  fs.rmSync(work, { recursive: true, force: true });
}
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const f = median(rates.ferrox);
const n = median(rates.nginx);
console.log(`\nHTTP/2 over TLS, 1 KB file, h2load -c ${CLIENTS} -m ${STREAMS} -n ${REQUESTS}, median of ${ROUNDS} round(s), ${os.cpus().length} cores, node ${process.version}\n`);
console.log('| row | unit | ferrox | nginx | ferrox / nginx |');
console.log('| --- | --- | ---: | ---: | ---: |');
console.log(`| 1 KB file, ${CLIENTS} connections × ${STREAMS} streams | req/s | ${Math.round(f).toLocaleString('en-US')} | ${Math.round(n).toLocaleString('en-US')} | ${(f / n).toFixed(2)}× |`);
