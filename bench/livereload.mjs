// Time from a file write to the new content showing in Chromium, for Ferrox (`ferrox --live`,
// in place and with its reload path) and for live-server (at its defaults and tuned with
// --wait=0), in one run on this machine. Each server gets the same page and the same edits; the
// page reports its content the moment it changes (a MutationObserver, for in-place updates) or
// is parsed (DOMContentLoaded, after a reload), through a Playwright binding, so polling adds no
// delay. Each row also counts the reloads. Two more rows time a page of 5,000 elements with a
// one-line edit, merged in place and reloaded.
//
//   npm run bench:livereload              # 40 edits per server
//   npm run bench:livereload -- --edits 5 # quick look
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { freePort } from '../scripts/freePort.mjs';
import { timeEdits } from './pageWatch.mjs';
import { run, stopServer } from './servers.mjs';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const argEdits = process.argv.indexOf('--edits');
const EDITS = argEdits > 0 ? Number(process.argv[argEdits + 1]) : 40;
const PAUSE_MS = 400;

const page = (n) =>
  `<!doctype html>\n<html><head><title>bench</title><link rel="stylesheet" href="style.css"></head>\n<body><h1 id="v">${n}</h1></body></html>\n`;
/** 5,000 elements (2,500 list items with a link each), one line of which changes. */
const ITEMS = Array.from({ length: 2500 }, (_, i) => `<li><a href="#i${i}">item ${i}</a></li>`).join('\n');
const bigPage = (n) =>
  `<!doctype html>\n<html><head><title>bench</title><link rel="stylesheet" href="style.css"></head>\n<body><h1 id="v">${n}</h1>\n<ul>\n${ITEMS}\n</ul></body></html>\n`;

const ferrox =
  (...extra) =>
  (dir, port) =>
    run(
      process.execPath,
      [path.join(repo, 'dist/cli.js'), dir, '--port', String(port), '--live', '--quiet', ...extra],
      /Serving/,
    );
const liveServer =
  (...extra) =>
  (dir, port) =>
    run(
      process.execPath,
      [
        path.join(here, 'node_modules/live-server/live-server.js'),
        `--port=${port}`,
        '--host=127.0.0.1',
        '--no-browser',
        ...extra,
        dir,
      ],
      /Serving/,
    );
const servers = {
  'ferrox (in place)': ferrox(),
  'ferrox --no-html-in-place (reload)': ferrox('--no-html-in-place'),
  'live-server (default)': liveServer(),
  'live-server --wait=0': liveServer('--wait=0'),
  'ferrox, 5,000 elements (in place)': ferrox(),
  'ferrox --no-html-in-place, 5,000 elements (reload)': ferrox('--no-html-in-place'),
};
const pageOf = (name) => (name.includes('5,000') ? bigPage : page);

async function measure(browser, name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-live-${name.replace(/[^a-z0-9]+/gi, '-')}-`));
  const html = pageOf(name);
  fs.writeFileSync(path.join(dir, 'index.html'), html(0));
  fs.writeFileSync(path.join(dir, 'style.css'), 'h1 { font: 40px sans-serif; }\n');
  const port = await freePort();
  const child = await servers[name](dir, port);
  try {
    return await timeEdits(browser, {
      name,
      url: `http://127.0.0.1:${port}/`,
      settleMs: 1000,
      edits: EDITS,
      pauseMs: PAUSE_MS,
      write: (i) => fs.writeFileSync(path.join(dir, 'index.html'), html(i)),
    });
  } finally {
    await stopServer(child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (!fs.existsSync(path.join(here, 'node_modules/live-server'))) {
  console.error('bench: run "npm ci --prefix bench" first (it installs live-server)');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: CHROMIUM_FLAGS,
});
const rows = [];
try {
  for (const name of Object.keys(servers)) rows.push([name, await measure(browser, name)]);
} finally {
  await browser.close();
}
console.log(
  `\nWrite-to-new-content in Chromium, ${EDITS} edits each, ${os.cpus().length} cores, node ${process.version}\n`,
);
console.log('| server | median ms | p95 ms | min ms | max ms | reloads |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const [name, s] of rows) {
  console.log(
    `| ${name} | ${s.median.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.min.toFixed(1)} | ${s.max.toFixed(1)} | ${s.reloads} |`,
  );
}
