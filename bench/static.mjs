// Static-file benchmark: Ferrox (1 and 2 workers) against nginx and the Node peers, on this
// machine, in one run, with wrk driving the load. Prints a table of figures and ratios.
//
//   npm run bench              # the full run (several minutes)
//   npm run bench:smoke        # a few seconds: Ferrox and nginx on two rows; CI runs it
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SERVERS, peersInstalled, stopServer } from './servers.mjs';
import { H2_CLIENTS, H2_STREAMS, h2load, h2loadInstalled, startH2Pair } from './h2.mjs';
import { freePort } from '../scripts/freePort.mjs';

const smoke = process.argv.includes('--smoke');
const DURATION = smoke ? '1s' : '4s';
/** Rows whose rate is the median of this many rounds, each round across all servers. */
const ROUNDS = smoke ? 1 : 5;
/** `--rows small,html`: measure only these rows (keys as in MEASURES). */
const ONLY = process.argv
  .find((a) => a.startsWith('--rows='))
  ?.slice('--rows='.length)
  .split(',');
const REPEATED = new Set(['small', 'html', 'smallClose', 'htmlClose', 'notFound', 'big', 'h2']);
const H2_REQUESTS = 100_000;

function median(values) {
  if (values.some((v) => v === undefined)) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
const MB = 1024 * 1024;

function need(tool) {
  if (has(tool)) return;
  console.error(`bench: ${tool} is missing (apt-get install wrk nginx-light curl)`);
  process.exit(2);
}

function makeSite() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-bench-'));
  // nginx's workers run as another user: the folder must be readable by all.
  fs.chmodSync(dir, 0o755);
  const site = path.join(dir, 'site');
  fs.mkdirSync(path.join(site, 'many'), { recursive: true });
  fs.writeFileSync(path.join(site, 'small.txt'), 'x'.repeat(1024));
  const para = '<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt.</p>\n';
  fs.writeFileSync(
    path.join(site, 'page.html'),
    `<!doctype html><title>b</title>\n${para.repeat(Math.ceil((50 * 1024) / para.length))}`.slice(0, 50 * 1024),
  );
  for (let i = 0; i < 1000; i++) fs.writeFileSync(path.join(site, 'many', `file-${i}.txt`), String(i));
  if (!smoke) {
    // Sparse files: the reads cost no disk, so the server's own cost is what shows.
    fs.closeSync(fs.openSync(path.join(site, 'big.bin'), 'w'));
    fs.truncateSync(path.join(site, 'big.bin'), 100 * MB);
    fs.closeSync(fs.openSync(path.join(site, 'huge.bin'), 'w'));
    fs.truncateSync(path.join(site, 'huge.bin'), 1024 * MB);
  }
  return { dir, site };
}

/**
 * One core each: the load generator runs on CPU 1 and a single-process server's event loop
 * (nginx's worker, Node's main thread) on CPU 0, so neither steals the other's core and figures
 * stop swinging with the scheduler. Node's helper threads (GC) are left free, as are
 * multi-process servers, which want both cores.
 */
const PIN = os.cpus().length >= 2 && has('taskset');

function has(tool) {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function client(cmd, args) {
  return PIN ? ['taskset', ['-c', '1', cmd, ...args]] : [cmd, args];
}

function pinServer(s) {
  if (!PIN || s.spec.processes > 1) return;
  const pid = s.spec.reference
    ? Number(
        execFileSync('pgrep', ['-P', String(s.child.pid)])
          .toString()
          .trim()
          .split('\n')[0],
      )
    : s.child.pid;
  execFileSync('taskset', ['-p', '-c', '0', String(pid)], { stdio: 'ignore' });
}

/** The rate, refusing figures made of error answers. */
function checked(name, result) {
  if (result.non2xx > 0)
    throw new Error(`${name}: ${result.non2xx} answers were not 2xx/3xx; the figure would be meaningless`);
  return result.rps;
}

function wrk(url, connections, headers = []) {
  const args = ['-t1', `-c${connections}`, `-d${DURATION}`, '--latency', ...headers.flatMap((h) => ['-H', h]), url];
  const out = execFileSync(...client('wrk', args)).toString();
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const lat = /Latency\s+([\d.]+)(us|ms|s)/.exec(out);
  const latencyMs = lat ? Number(lat[1]) * (lat[2] === 'us' ? 0.001 : lat[2] === 's' ? 1000 : 1) : NaN;
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  return { rps, latencyMs, non2xx };
}

/** One client downloading the file: MB/s (best of three). */
function download(url) {
  let best = 0;
  for (let i = 0; i < 3; i++) {
    const speed = Number(
      execFileSync(...client('curl', ['-s', '-o', '/dev/null', '-w', '%{speed_download}', url])).toString(),
    );
    best = Math.max(best, speed / MB);
  }
  return best;
}

function rssOf(pid) {
  const pids = [
    pid,
    ...execFileSync('sh', ['-c', `pgrep -P ${pid} || true`])
      .toString()
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number),
  ];
  let kb = 0;
  for (const p of pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      /* exited */
    }
  }
  return kb / 1024;
}

/** Peak RSS growth (MB) while 8 clients each stream the 1 GB file. */
async function streamRss(url, pid) {
  const base = rssOf(pid);
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssOf(pid));
  }, 50);
  const clients = Array.from(
    { length: 8 },
    () => new Promise((resolve) => spawn(...client('curl', ['-s', '-o', '/dev/null', url])).once('exit', resolve)),
  );
  await Promise.all(clients);
  clearInterval(timer);
  return peak - base;
}

/**
 * The URL that answers `file` with a 200 and its exact bytes on this server. A redirect is
 * followed once (serve's cleanUrls answers /page.html with a 301 to /page): measuring the 301
 * would compare an empty answer with a 50 KB one.
 */
function verifiedUrl(s, file, bytes) {
  const probe = (url) =>
    execFileSync('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code} %{size_download} %{redirect_url}', url])
      .toString()
      .split(' ');
  let url = `${s.base}/${file}`;
  let [status, size, location] = probe(url);
  if (status.startsWith('3') && location) {
    url = location;
    [status, size] = probe(url);
  }
  if (status !== '200' || Number(size) !== bytes)
    throw new Error(`${s.name}: /${file} gave ${status} with ${size} bytes, not 200 with ${bytes}`);
  return url;
}

/** Each server's URLs for the measured files, checked before anything is measured. */
function verifyUrls(s, site) {
  const size = (file) => fs.statSync(path.join(site, file)).size;
  s.url = {
    small: verifiedUrl(s, 'small.txt', size('small.txt')),
    html: verifiedUrl(s, 'page.html', size('page.html')),
  };
  const missing = execFileSync('curl', [
    '-s',
    '-o',
    '/dev/null',
    '-w',
    '%{http_code}',
    `${s.base}/does-not-exist.txt`,
  ]).toString();
  if (missing !== '404') throw new Error(`${s.name}: a missing file gave ${missing}, not 404`);
}

/** What each row measures on one running server (undefined: the server cannot do it). */
const MEASURES = [
  ['small', (s) => checked(s.name, wrk(s.url.small, 50))],
  ['notFound', (s) => wrk(`${s.base}/does-not-exist.txt`, 50).rps],
  ['listing', (s) => (s.spec.lists ? latency(s.name, wrk(`${s.base}/many/`, 1)) : undefined)],
  ...(smoke
    ? []
    : [
        ['html', (s) => checked(s.name, wrk(s.url.html, 50))],
        ['smallClose', (s) => checked(s.name, wrk(s.url.small, 50, ['Connection: close']))],
        ['htmlClose', (s) => checked(s.name, wrk(s.url.html, 50, ['Connection: close']))],
        ['big', (s) => download(`${s.base}/big.bin`)],
        ['rss', (s) => streamRss(`${s.base}/huge.bin`, s.child.pid)],
        ['h2', (s) => (s.h2 ? h2load(s.h2.port, H2_REQUESTS, client) : undefined)],
      ]),
];

function latency(name, result) {
  checked(name, result);
  return result.latencyMs;
}

/**
 * Starts every server at once (idle ones cost nothing), then measures row by row, each row across
 * all servers back to back, so a machine that speeds up or slows down during the run skews no
 * server against another.
 */
async function measureAll(names, site, work) {
  const running = [];
  let h2Pair;
  try {
    for (const name of names) {
      const port = await freePort();
      running.push({
        name,
        spec: SERVERS[name],
        child: await SERVERS[name].start(site, port, work),
        base: `http://127.0.0.1:${port}`,
      });
    }
    for (const s of running) {
      verifyUrls(s, site);
      pinServer(s);
    }
    if (wants('h2')) {
      // HTTP/2 needs TLS: Ferrox and nginx each get a second, TLS port for that row alone.
      h2Pair = await startH2Pair(site, work);
      for (const s of running) s.h2 = h2Pair[s.name];
      if (PIN) {
        execFileSync('taskset', ['-p', '-c', '0', String(h2Pair.ferrox.child.pid)], { stdio: 'ignore' });
        const worker = execFileSync('pgrep', ['-P', String(h2Pair.nginx.child.pid)])
          .toString()
          .trim()
          .split('\n')[0];
        execFileSync('taskset', ['-p', '-c', '0', worker], { stdio: 'ignore' });
      }
    }
    // Warm up (caches, Node's JIT) before measuring.
    for (const s of running) {
      wrk(s.url.small, 50);
      wrk(s.url.html, 50);
      if (s.h2) h2load(s.h2.port, H2_REQUESTS / 10, client);
    }
    const results = Object.fromEntries(names.map((n) => [n, {}]));
    for (const [key, measure] of MEASURES.filter(([key]) => wants(key))) {
      // Rates swing between runs on a shared machine: take the median of interleaved rounds.
      const rounds = REPEATED.has(key) ? ROUNDS : 1;
      const figures = Object.fromEntries(names.map((n) => [n, []]));
      for (let round = 0; round < rounds; round++) {
        for (const s of running)
          figures[s.name].push(s.spec.rows && !s.spec.rows.includes(key) ? undefined : await measure(s));
      }
      for (const name of names) results[name][key] = median(figures[name]);
      console.error(
        `  measured ${key}: ${names.map((n) => `${n} ${figures[n].map((v) => (v === undefined ? '—' : Math.round(v))).join('/')}`).join(', ')}`,
      );
    }
    return results;
  } finally {
    for (const s of running) await stopServer(s.child);
    if (h2Pair) for (const s of Object.values(h2Pair)) await stopServer(s.child);
  }
}

function wants(key) {
  if (key === 'h2' && (smoke || !H2_LOAD)) return false;
  return !ONLY || ONLY.includes(key);
}

const ROWS = [
  ['small', '1 KB file, keep-alive, c=50', 'req/s', 'higher'],
  ['html', '50 KB HTML, keep-alive, c=50', 'req/s', 'higher'],
  ['smallClose', '1 KB file, Connection: close', 'req/s', 'higher'],
  ['htmlClose', '50 KB HTML, Connection: close', 'req/s', 'higher'],
  ['big', '100 MB file, one client', 'MB/s', 'higher'],
  ['notFound', '404, keep-alive, c=50', 'req/s', 'higher'],
  ['listing', 'listing of 1,000 entries, c=1', 'ms', 'lower'],
  ['rss', 'RSS growth, 8 clients × 1 GB', 'MB', 'lower'],
  ['h2', `1 KB file, HTTP/2 + TLS, ${H2_CLIENTS} connections × ${H2_STREAMS} streams (h2load)`, 'req/s', 'higher'],
];

need('wrk');
need('nginx');
need('curl');
const H2_LOAD = h2loadInstalled();
if (!smoke && !H2_LOAD)
  console.error('bench: h2load is missing (apt-get install nghttp2-client); leaving out the HTTP/2 row');
/** `--servers=ferrox,nginx`: start only these (ferrox and nginx are always needed for the ratios). */
const ONLY_SERVERS = process.argv
  .find((a) => a.startsWith('--servers='))
  ?.slice('--servers='.length)
  .split(',');
const names = Object.keys(SERVERS)
  .filter((n) => !SERVERS[n].peer || (!smoke && peersInstalled()))
  .filter((n) => !ONLY_SERVERS || ONLY_SERVERS.includes(n) || n === 'ferrox' || n === 'nginx' || n === 'node:http');
if (!smoke && !peersInstalled())
  console.error('bench: peers not installed (npm ci --prefix bench); measuring Ferrox and nginx only');
const { dir, site } = makeSite();
let results;
try {
  results = await measureAll(names, site, dir);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

const fmt = (v) => (v === undefined ? '—' : v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1));
const peers = names.filter((n) => SERVERS[n].peer);
console.log(
  `\nFerrox against nginx, a bare node:http server and Node peers — ${os.cpus().length} cores, node ${process.version}, wrk -t1 ${DURATION} per figure, rates and the 100 MB speed the median of ${ROUNDS} rounds, each round across all servers back to back${PIN ? ", wrk on CPU 1 and each single-process server's event loop on CPU 0" : ''}${smoke ? ' (smoke run)' : ''}\n`,
);
console.log(
  `| row | unit | ${names.join(' | ')} | ferrox / nginx | ferrox ×2 / nginx | ferrox / node:http | best peer | ferrox / best peer |`,
);
console.log(`| --- | --- | ${names.map(() => '---:').join(' | ')} | ---: | ---: | ---: | --- | ---: |`);
for (const [key, label, unit, better] of ROWS) {
  if (results.ferrox[key] === undefined) continue;
  const value = (n) => results[n]?.[key];
  const ratio = (a, b) =>
    a === undefined || b === undefined || b === 0 ? '—' : (better === 'higher' ? a / b : b / a).toFixed(2) + '×';
  const bestPeer = peers
    .filter((p) => value(p) !== undefined)
    .sort((a, b) => (better === 'higher' ? value(b) - value(a) : value(a) - value(b)))[0];
  console.log(
    `| ${label} | ${unit} | ${names.map((n) => fmt(value(n))).join(' | ')} | ${ratio(value('ferrox'), value('nginx'))} | ` +
      `${ratio(value('ferrox ×2'), value('nginx'))} | ${ratio(value('ferrox'), value('node:http'))} | ${bestPeer ?? '—'} | ${bestPeer ? ratio(value('ferrox'), value(bestPeer)) : '—'} |`,
  );
}
console.log('\nRatios read "how many times as good": above 1× Ferrox is ahead (for ms and MB rows, lower is better).');
