import { buildSync } from 'esbuild';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { launchChromium } from '../shared/chromium';
import { openEvents } from '../shared/events';
export { freePort } from '../shared/net';

export { CHROMIUM_FLAGS, CHROMIUM_PATH, DESKTOP, PHONE } from '../shared/chromium';

export interface Cli {
  url: string;
  /** The first line the CLI printed. */
  firstLine: string;
  child: ChildProcessWithoutNullStreams;
  /** Everything the CLI wrote on stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts the bundled `ferrox` CLI and resolves once it prints its URL. */
export function startCli(args: string[]): Promise<Cli> {
  const cliPath = path.resolve(__dirname, '../../../dist/cli.js');
  const child = spawn(process.execPath, [cliPath, ...args]);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (c) => {
      err += c;
    });
    child.stdout.on('data', (c) => {
      out += c;
      const m = /at (https?:\/\/\S+\/)/.exec(out);
      if (m) {
        resolve({
          url: m[1],
          firstLine: out.slice(0, out.indexOf('\n') >= 0 ? out.indexOf('\n') : undefined),
          child,
          stderr: () => err,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`ferrox exited with ${code}: ${err}`)));
  });
}

/** `ferrox DIR --backend COMMAND` as the backend suites run it: any port, quiet, a short debounce; `extra` flags come before --backend. */
export function startBackendCli(dir: string, command: string, ...extra: string[]): Promise<Cli> {
  return startCli([dir, '--port', '0', '--quiet', '--live-debounce-ms', '30', ...extra, '--backend', command]);
}

/** What a browser suite works with; `browserSuite` fills it in before the suite's tests run. */
export interface BrowserSuite {
  /** A temporary folder of the suite's own, removed after it. */
  dir: string;
  browser: Browser;
  /** Writes a file under `dir`, making its folders. */
  write(rel: string, text: string): void;
  /** Opens `url` in a new page (of `context`, or the browser's) and waits until live reload is connected. */
  openLive(url: string, context?: BrowserContext): Promise<Page>;
  /** Runs `close` after the suite (servers, backends), before the browser and the folder go. */
  onClose(close: () => unknown): void;
}

/**
 * The one setup of every browser suite: registers before/after hooks that make a temporary
 * folder with `files`, launch Chromium, and afterwards close what the suite started, the browser,
 * and remove the folder.
 */
export function browserSuite(prefix: string, files: Record<string, string> = {}): BrowserSuite {
  const closers: (() => unknown)[] = [];
  const suite = {
    write: (rel: string, text: string) => {
      const file = path.join(suite.dir, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    },
    openLive: async (url: string, context?: BrowserContext) => {
      const page = await (context ?? suite.browser).newPage();
      await page.goto(url);
      await liveConnected(page);
      return page;
    },
    onClose: (close: () => unknown) => {
      closers.push(close);
    },
  } as BrowserSuite;
  before(async () => {
    suite.dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `ferrox-${prefix}-`)));
    for (const [rel, text] of Object.entries(files)) suite.write(rel, text);
    suite.browser = await launchChromium(chromium);
  });
  after(async () => {
    for (const close of closers.reverse()) await close();
    await suite.browser?.close();
    if (suite.dir) fs.rmSync(suite.dir, { recursive: true, force: true });
  });
  return suite;
}

/**
 * Writes `source` as `src/app.ts` in the suite's folder and bundles it to `dist/app.js` with a
 * linked source map, as a site's build would; returns `dist/`, the folder to serve.
 */
export function bundledSite(suite: BrowserSuite, source: string): string {
  suite.write('src/app.ts', source);
  const dist = path.join(suite.dir, 'dist');
  buildSync({
    entryPoints: [path.join(suite.dir, 'src', 'app.ts')],
    bundle: true,
    outfile: path.join(dist, 'app.js'),
    sourcemap: 'linked',
    logLevel: 'silent',
  });
  return dist;
}

/** Waits until the page's (or frame's) live-reload client has its event stream. */
export async function liveConnected(page: Page | Frame): Promise<void> {
  await page.waitForFunction(
    () => (window as unknown as { __ferroxLive?: { connected: boolean } }).__ferroxLive?.connected === true,
  );
}

/**
 * Runs `write` and waits until the server has announced every path in `urlPaths` to pages (its
 * change events), so a page opened afterwards never receives them.
 */
export async function announced(port: number, urlPaths: readonly string[], write: () => void): Promise<void> {
  const stream = await openEvents(port);
  try {
    await stream.next(); // hello
    write();
    const left = new Set(urlPaths);
    const deadline = Date.now() + 10_000;
    while (left.size > 0) {
      const event = await Promise.race([
        stream.next(),
        new Promise<never>((_, reject) =>
          setTimeout(
            () => reject(new Error(`no change event for ${[...left].join(', ')}`)),
            Math.max(0, deadline - Date.now()),
          ),
        ),
      ]);
      const batch = event.data as { css?: string[]; other?: string[]; pages?: { path: string }[] };
      for (const p of [...(batch.css ?? []), ...(batch.other ?? []), ...(batch.pages ?? []).map((m) => m.path)])
        left.delete(p);
    }
  } finally {
    stream.close();
  }
}

/** Polls `probe` until it holds, or fails naming `what` after `timeoutMs`. */
export async function until(what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
