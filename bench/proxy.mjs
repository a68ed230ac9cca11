// Proxy benchmark: a small JSON answer from a Node backend, asked directly, through Ferrox
// (`--proxy /api=…`), and through nginx as a reverse proxy (upstream keep-alive), in one run,
// with wrk driving keep-alive load. Prints req/s and the two ratios.
//
//   npm run bench:proxy              # 5 rounds of 4 s per figure
//   npm run bench:proxy -- --smoke   # 1 round of 1 s
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../scripts/freePort.mjs';
import { run, stopServer, waitForPort } from './servers.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const smoke = process.argv.includes('--smoke');
const ROUNDS = smoke ? 1 : 5;
const DURATION = smoke ? '1s' : '4s';
const CONNECTIONS = 50;

for (const tool of ['wrk', 'nginx']) {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
  } catch {
    console.error(`bench: ${tool} is missing (apt-get install wrk nginx-light)`);
    process.exit(2);
  }
}

const BACKEND = `
const http = require('node:http');
const body = JSON.stringify({ id: 42, name: 'widget', tags: ['a', 'b', 'c'], price: 9.99, ok: true });
http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}).listen(Number(process.argv[1]), '127.0.0.1', () => console.log('ready'));
`;

function nginxConf(work, port, backendPort) {
  const conf = path.join(work, 'nginx-proxy.conf');
  fs.writeFileSync(
    conf,
    `worker_processes 1;
daemon off;
error_log ${work}/nginx-error.log;
pid ${work}/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  upstream backend { server 127.0.0.1:${backendPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location /api/ {
      proxy_pass http://backend/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $proxy_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $http_host;
    }
  }
}
`,
  );
  return conf;
}

/** As in bench/static: wrk on CPU 1, each proxy's event loop on CPU 0; the backend floats. */
const PIN =
  os.cpus().length >= 2 &&
  (() => {
    try {
      execFileSync('which', ['taskset'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

function pin(pid) {
  if (PIN) execFileSync('taskset', ['-p', '-c', '0', String(pid)], { stdio: 'ignore' });
}

function wrk(url) {
  const args = ['-t1', `-c${CONNECTIONS}`, `-d${DURATION}`, url];
  const out = (PIN ? execFileSync('taskset', ['-c', '1', 'wrk', ...args]) : execFileSync('wrk', args)).toString();
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const errors = /Socket errors: (.*)/.exec(out)?.[1];
  if (non2xx > 0 || rps === 0)
    throw new Error(`${url}: ${non2xx} non-2xx answers${errors ? `, socket errors ${errors}` : ''}\n${out}`);
  return rps;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-proxy-bench-'));
fs.chmodSync(work, 0o755);
const site = path.join(work, 'site');
fs.mkdirSync(site);
const children = [];
try {
  const backendPort = await freePort();
  children.push(await run(process.execPath, ['-e', BACKEND, String(backendPort)], /ready/));
  const ferroxPort = await freePort();
  children.push(
    await run(
      process.execPath,
      [
        path.join(repo, 'dist/cli.js'),
        site,
        '--port',
        String(ferroxPort),
        '--quiet',
        '--proxy',
        `/api=http://127.0.0.1:${backendPort}/`,
      ],
      /Serving/,
    ),
  );
  const nginxPort = await freePort();
  children.push(spawn('nginx', ['-c', nginxConf(work, nginxPort, backendPort), '-p', work], { stdio: 'ignore' }));
  await waitForPort(nginxPort, '/api/item');
  pin(children[1].pid);
  pin(
    Number(
      execFileSync('pgrep', ['-P', String(children[2].pid)])
        .toString()
        .trim()
        .split('\n')[0],
    ),
  );
  const targets = {
    direct: `http://127.0.0.1:${backendPort}/item`,
    ferrox: `http://127.0.0.1:${ferroxPort}/api/item`,
    nginx: `http://127.0.0.1:${nginxPort}/api/item`,
  };
  for (const url of Object.values(targets)) wrk(url); // warm-up, and proof each answers 2xx
  const rates = { direct: [], ferrox: [], nginx: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, url] of Object.entries(targets)) rates[name].push(wrk(url));
    console.error(
      `  round ${round + 1}: ${Object.entries(rates)
        .map(([n, r]) => `${n} ${Math.round(r.at(-1))}`)
        .join(', ')} req/s`,
    );
  }
  const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const [d, f, n] = ['direct', 'ferrox', 'nginx'].map((k) => median(rates[k]));
  const fmt = (v) => Math.round(v).toLocaleString('en-US');
  console.log(
    `\nProxy overhead: a 69-byte JSON answer from a Node backend, keep-alive, wrk -t1 -c${CONNECTIONS} ${DURATION}, ` +
      `median of ${ROUNDS} round(s), ${os.cpus().length} cores, node ${process.version}${PIN ? ', wrk on CPU 1 and each proxy on CPU 0' : ''}\n`,
  );
  console.log('| path | req/s | share of direct |');
  console.log('| --- | ---: | ---: |');
  console.log(`| backend directly | ${fmt(d)} | 1.00× |`);
  console.log(`| through ferrox --proxy | ${fmt(f)} | ${(f / d).toFixed(2)}× |`);
  console.log(`| through nginx proxy_pass (upstream keepalive) | ${fmt(n)} | ${(n / d).toFixed(2)}× |`);
  console.log(`\nferrox / nginx as a proxy: ${(f / n).toFixed(2)}×`);
} finally {
  for (const child of children.reverse()) await stopServer(child);
  fs.rmSync(work, { recursive: true, force: true });
}
