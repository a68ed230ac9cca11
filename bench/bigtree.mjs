// Live reload on a big project: a node_modules of 100,000 files in 4,400 folders (and one of
// 10,000 in 440) beside a src/ of 2,000 files. For Ferrox (`ferrox --live`), live-server and
// five-server, each at its defaults and tuned (told to ignore node_modules), in one run:
//
// - first 200: from spawning the server to the first 200 for /src/index.html;
// - change seen: from spawning to the first edit of that page that Chromium shows (an edit every
//   100 ms from the first 200 on: how long until the watcher is really watching);
// - RSS and inotify watches of the server's whole process tree, after that;
// - CPU over the next 10 idle seconds (a page connected, nothing changing), in % of one core;
// - edit → shown: median and p95 over 20 edits of the page once settled.
//
//   npm run bench:bigtree                          # both trees, every server
//   npm run bench:bigtree -- --sizes=10000 --servers=ferrox   # a quick look
//
// The trees are made once in the temp folder and reused. A server that has not answered within
// CAP_S seconds is cut off and reported as such.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { freePort } from '../scripts/freePort.mjs';
import { stats, watchShown } from './pageWatch.mjs';
import { stopServer } from './servers.mjs';
import { treeCpuSeconds, treeRssMb, treeWatches } from './procfs.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const SIZES = arg('sizes', '10000,100000').split(',').map(Number);
const CAP_S = Number(arg('cap', '120'));
const EDITS = Number(arg('edits', '20'));
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-dev-shm-usage',
];

const node = (file, args) => (port, dir) =>
  spawn(process.execPath, [file, ...args(port, dir)], { stdio: ['ignore', 'pipe', 'pipe'] });
const liveServer = path.join(here, 'node_modules/live-server/live-server.js');
const fiveServer = path.join(here, 'node_modules/five-server/lib/bin.js');
const SERVERS = {
  'ferrox --live': node(path.join(repo, 'dist/cli.js'), (port, dir) => [
    dir,
    '--port',
    String(port),
    '--live',
    '--quiet',
  ]),
  'live-server': node(liveServer, (port, dir) => [
    `--port=${port}`,
    '--host=127.0.0.1',
    '--no-browser',
    '--quiet',
    dir,
  ]),
  'live-server --wait=0 --ignore=node_modules': node(liveServer, (port, dir) => [
    `--port=${port}`,
    '--host=127.0.0.1',
    '--no-browser',
    '--quiet',
    '--wait=0',
    '--ignore=node_modules',
    dir,
  ]),
  'five-server': node(fiveServer, (port, dir) => [
    `--port=${port}`,
    '--host=127.0.0.1',
    '--open=false',
    '--quiet',
    `--root=${dir}`,
  ]),
  'five-server --ignore=node_modules': node(fiveServer, (port, dir) => [
    `--port=${port}`,
    '--host=127.0.0.1',
    '--open=false',
    '--quiet',
    `--root=${dir}`,
    `--ignore=${path.join(dir, 'node_modules')}`,
  ]),
};
const chosen = arg('servers', '').split(',').filter(Boolean);
const names = Object.keys(SERVERS).filter((n) => chosen.length === 0 || chosen.some((c) => n.startsWith(c)));

const page = (n) =>
  `<!doctype html>\n<html><head><title>big</title><link rel="stylesheet" href="style.css"></head>\n<body><h1 id="v">${n}</h1><input id="q"></body></html>\n`;

/** The tree for `files` node_modules files (one folder per ~23 files), made once. */
function makeTree(files) {
  const dir = path.join(os.tmpdir(), `ferrox-bigtree-${files}`);
  if (fs.existsSync(path.join(dir, 'made'))) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  const folders = Math.round(files / 22.73);
  const packages = Math.ceil(folders / 11);
  const paths = [];
  for (let p = 0; p < packages && paths.length < folders; p++) {
    paths.push(path.join(dir, 'node_modules', `pkg-${p}`));
    for (let l = 0; l < 10 && paths.length < folders; l++)
      paths.push(path.join(dir, 'node_modules', `pkg-${p}`, `lib${l}`));
  }
  for (const folder of paths) fs.mkdirSync(folder, { recursive: true });
  for (let i = 0; i < files; i++)
    fs.writeFileSync(path.join(paths[i % paths.length], `m${i}.js`), `module.exports = ${i};\n`);
  for (let f = 0; f < 100; f++) {
    const folder = path.join(dir, 'src', `part${f}`);
    fs.mkdirSync(folder, { recursive: true });
    for (let i = 0; i < 20; i++) fs.writeFileSync(path.join(folder, `c${i}.js`), `export const v = ${i};\n`);
  }
  fs.writeFileSync(path.join(dir, 'src', 'index.html'), page(0));
  fs.writeFileSync(path.join(dir, 'src', 'style.css'), 'h1 { font: 32px sans-serif; }\n');
  fs.writeFileSync(path.join(dir, 'made'), '');
  return dir;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function firstOk(url, t0) {
  while (performance.now() - t0 < CAP_S * 1000) {
    try {
      if ((await fetch(url)).status === 200) return performance.now() - t0;
    } catch {
      /* not listening yet */
    }
    await sleep(10);
  }
  return undefined;
}

async function measure(browser, name, dir) {
  fs.writeFileSync(path.join(dir, 'src', 'index.html'), page(0));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/src/index.html`;
  const t0 = performance.now();
  const child = SERVERS[name](port, dir);
  child.stdout.resume();
  child.stderr.resume();
  const row = { name };
  const context = await browser.newContext();
  try {
    row.firstOk = await firstOk(url, t0);
    if (row.firstOk === undefined) return row;
    const tab = await context.newPage();
    const { seen, shown } = await watchShown(tab);
    await tab.goto(url);
    // Edit every 100 ms until the page shows an edit: the watcher is watching.
    let n = 0;
    while (Number(shown()) < 1 && performance.now() - t0 < CAP_S * 1000) {
      fs.writeFileSync(path.join(dir, 'src', 'index.html'), page(++n));
      await sleep(100);
    }
    if (Number(shown()) >= 1) row.changeSeen = performance.now() - t0;
    if (row.changeSeen === undefined) return row;
    await sleep(1000);
    const cpu0 = treeCpuSeconds(child.pid);
    await sleep(10_000);
    row.idleCpu = ((treeCpuSeconds(child.pid) - cpu0) / 10) * 100;
    row.rss = treeRssMb(child.pid);
    row.watches = treeWatches(child.pid);
    const samples = [];
    for (let i = 1; i <= EDITS; i++) {
      const want = String(n + i);
      const showing = seen(want);
      const t = performance.now();
      fs.writeFileSync(path.join(dir, 'src', 'index.html'), page(n + i));
      const late = await Promise.race([showing.then(() => false), sleep(5000).then(() => true)]);
      if (!late) samples.push(performance.now() - t);
      await sleep(300);
    }
    row.edits = samples.length > 0 ? { ...stats(samples), missed: EDITS - samples.length } : undefined;
    return row;
  } finally {
    await context.close();
    await stopServer(child);
  }
}

for (const file of [liveServer, fiveServer]) {
  if (!fs.existsSync(file)) {
    console.error('bench: run "npm ci --prefix bench" first (it installs live-server and five-server)');
    process.exit(2);
  }
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: FLAGS,
});
const tables = [];
try {
  for (const size of SIZES) {
    const dir = makeTree(size);
    const rows = [];
    for (const name of names) {
      const row = await measure(browser, name, dir);
      rows.push(row);
      console.error(`bench: ${size} files, ${name}: ${JSON.stringify(row)}`);
    }
    tables.push([size, rows]);
  }
} finally {
  await browser.close();
}

const ms = (v) =>
  v === undefined ? `> ${CAP_S} s` : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(0)} ms`;
console.log(
  `\nLive reload on a big tree: src/ of 2,000 files beside node_modules; ${os.cpus().length} cores, node ${process.version}`,
);
for (const [size, rows] of tables) {
  console.log(`\nnode_modules of ${size.toLocaleString('en')} files\n`);
  console.log('| server | first 200 | change seen | RSS | inotify watches | idle CPU | edit → shown, median (p95) |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const edits = r.edits
      ? `${r.edits.median.toFixed(1)} ms (${r.edits.p95.toFixed(1)})${r.edits.missed ? `, ${r.edits.missed} missed` : ''}`
      : '–';
    console.log(
      `| ${r.name} | ${ms(r.firstOk)} | ${ms(r.changeSeen)} | ${r.rss === undefined ? '–' : `${r.rss.toFixed(0)} MB`} | ` +
        `${r.watches ?? '–'} | ${r.idleCpu === undefined ? '–' : `${r.idleCpu.toFixed(1)}%`} | ${edits} |`,
    );
  }
}
