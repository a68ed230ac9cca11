// Time from a template edit to the new text in Chromium, for a page a real backend renders
// (Debian's php-cli, `php -S`): Ferrox with `--backend` (the page fetches itself again and
// morphs in place; and with --no-html-in-place, the same page reloaded), and BrowserSync's proxy
// mode in front of the same PHP (at its defaults, and tuned: --reload-debounce 0 --reload-delay
// 0), in one run on this machine. The backend's render is inside every figure. The page reports
// its text the moment it changes (a MutationObserver) or is parsed (DOMContentLoaded, after a
// reload) through a Playwright binding, so polling adds no delay. Each row counts the reloads.
//
//   npm run bench:backend              # 30 edits per row
//   npm run bench:backend -- --edits 5 # quick look
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { freePort } from '../scripts/freePort.mjs';
import { timeEdits } from './pageWatch.mjs';
import { run, stopServer, waitForPort } from './servers.mjs';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const argEdits = process.argv.indexOf('--edits');
const EDITS = argEdits > 0 ? Number(process.argv[argEdits + 1]) : 30;
const PAUSE_MS = 600;
/** As README says to run PHP: Ferrox has PHP see every saved file itself (phpFreshness.ts). */
const PHP = ['php', '-S'];
/** BrowserSync needs the flag: OPcache would hide an edit for up to 2 s. */
const PHP_FRESH = ['php', '-d', 'opcache.revalidate_freq=0', '-S'];

const INDEX = `<!doctype html>
<html><head><title>bench</title><link rel="stylesheet" href="/style.css"></head>
<body><?php include 'part.php'; ?><input id="name"><script src="/app.js"></script></body></html>
`;
const part = (n) => `<h1 id="v">${n}</h1>\n<p>rendered at <?= date('H:i:s') ?></p>\n`;

/** Starts PHP on its own port (for a peer that proxies it). */
async function php(dir) {
  const port = await freePort();
  const child = await run(PHP_FRESH[0], [...PHP_FRESH.slice(1), `127.0.0.1:${port}`, '-t', dir]);
  await waitForPort(port);
  return { port, child };
}

const ferrox =
  (...extra) =>
  async (dir, port) => ({
    children: [
      await run(
        process.execPath,
        [
          path.join(repo, 'dist/cli.js'),
          dir,
          '--port',
          String(port),
          '--quiet',
          '--backend',
          `${PHP.join(' ')} 127.0.0.1:{port} -t ${dir}`,
          ...extra,
        ],
        /Serving/,
      ),
    ],
  });
const browserSync =
  (...extra) =>
  async (dir, port) => {
    const backend = await php(dir);
    const sync = await run(
      path.join(here, 'node_modules/.bin/browser-sync'),
      [
        'start',
        '--proxy',
        `127.0.0.1:${backend.port}`,
        '--port',
        String(port),
        '--files',
        path.join(dir, '*.php'),
        '--no-open',
        '--no-notify',
        '--no-ui',
        '--no-ghost-mode',
        ...extra,
      ],
      /Proxying/,
    );
    return { children: [sync, backend.child] };
  };
const rows = {
  'ferrox --backend (in place)': ferrox(),
  'ferrox --backend --no-html-in-place (reload)': ferrox('--no-html-in-place'),
  'browser-sync --proxy (default)': browserSync(),
  'browser-sync --proxy --reload-debounce 0 --reload-delay 0': browserSync(
    '--reload-debounce',
    '0',
    '--reload-delay',
    '0',
  ),
};

/** Writes a file as a project has it: a while ago (OPcache keeps only files older than 2 s). */
function writeOld(file, text) {
  fs.writeFileSync(file, text);
  const past = new Date(Date.now() - 60_000);
  fs.utimesSync(file, past, past);
}

async function measure(browser, name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-backend-${name.replace(/[^a-z0-9]+/gi, '-')}-`));
  writeOld(path.join(dir, 'index.php'), INDEX);
  writeOld(path.join(dir, 'part.php'), part(0));
  fs.writeFileSync(path.join(dir, 'style.css'), 'h1 { font: 40px sans-serif; }\n');
  fs.writeFileSync(path.join(dir, 'app.js'), 'window.started = Date.now();\n');
  const port = await freePort();
  const { children } = await rows[name](dir, port);
  try {
    return await timeEdits(browser, {
      name,
      url: `http://127.0.0.1:${port}/`,
      settleMs: 1500,
      edits: EDITS,
      pauseMs: PAUSE_MS,
      write: (i) => fs.writeFileSync(path.join(dir, 'part.php'), part(i)),
    });
  } finally {
    for (const child of children) await stopServer(child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (!fs.existsSync(path.join(here, 'node_modules/browser-sync'))) {
  console.error('bench: run "npm ci --prefix bench" first (it installs browser-sync)');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: CHROMIUM_FLAGS,
});
const results = [];
try {
  for (const name of Object.keys(rows)) results.push([name, await measure(browser, name)]);
} finally {
  await browser.close();
}
console.log(
  `\nTemplate edit to new text in Chromium, PHP ${'php -S'} rendering, ${EDITS} edits each, ${os.cpus().length} cores, node ${process.version}\n`,
);
console.log('| server | median ms | p95 ms | min ms | max ms | reloads |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const [name, s] of results) {
  console.log(
    `| ${name} | ${s.median.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.min.toFixed(1)} | ${s.max.toFixed(1)} | ${s.reloads} |`,
  );
}
