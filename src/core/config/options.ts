import * as path from 'node:path';
import type { BrowserConsoleMode } from '../live';
import type { PollMode } from '../watch';
import { parsePrefixes, parseProxyRules, type ProxyRuleInput } from '../proxy';
import { parseMounts } from './mounts';
import { checkBackend, checkFolders } from './backendOptions';
import { OptionsError, show } from './errors';
import { checkAllowedHosts, checkHeaders } from './headerOptions';

/** TLS material, as paths to PEM files. */
export interface TlsOptions {
  cert: string;
  key: string;
}

/** What a host may pass to the server. Everything but `root` has a default. */
export interface ServerOptions {
  /** Folder to serve. Resolved to an absolute path. */
  root: string;
  host?: string;
  /** 0 picks any free port. */
  port?: number;
  /** How many following ports to try when `port` is taken (0 = fail at once). */
  portFallback?: number;
  directoryListing?: boolean;
  /** Extra response headers, added to every response. */
  headers?: Record<string, string>;
  cors?: boolean;
  /** Unknown extension-less paths get the root's index.html (single-page apps). */
  spa?: boolean;
  compression?: boolean;
  keepAliveTimeoutMs?: number;
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  maxHeaderSize?: number;
  /** Host names accepted besides localhost, *.localhost, IP literals and the bound host. `*.x` matches subdomains. */
  allowedHosts?: string[];
  tls?: TlsOptions;
  /** With TLS: a plain-HTTP port that redirects to the HTTPS URL. */
  redirectPort?: number;
  /** How long stop() lets in-flight responses run before cutting them. */
  shutdownTimeoutMs?: number;
  /** Inject the live-reload client into HTML and serve change events at /__ferrox/events. */
  liveReload?: boolean;
  /** Changes are batched until they pause this long. */
  liveReloadDebounceMs?: number;
  /** Globs (relative to the root) whose changes never reload; node_modules and .git always are. */
  liveReloadIgnore?: string[];
  /** How a tree watch hears of changes: by polling where the file system delivers no events ("auto"), always, or never. */
  livePoll?: PollMode;
  /** With polling: the pause between walks (stretched so that polling keeps the process busy a tenth of the time at most). */
  livePollIntervalMs?: number;
  /** Pages show their runtime errors in a small badge: only while shared (a phone has no console), always, or never. */
  errorOverlay?: 'shared' | 'always' | 'never';
  /** Synced browsing: pages that join mirror each other's scroll, clicks, input and navigation. */
  sync?: boolean;
  /** Cross-origin isolation (SharedArrayBuffer, WebAssembly threads): COOP same-origin and this COEP, or off. */
  crossOriginIsolation?: 'off' | 'require-corp' | 'credentialless';
  /** Swap changed stylesheets in place instead of reloading. */
  cssInPlace?: boolean;
  /** With TLS, speak HTTP/2 as well as HTTP/1.1 on the port (ALPN). */
  http2?: boolean;
  /** Morph a changed HTML page in place (keeping form input, focus, scroll and JS state) when it is safe. */
  htmlInPlace?: boolean;
  /** With live reload: forward pages' console errors and warnings ("errors"), every level ("all"), or nothing. */
  browserConsole?: BrowserConsoleMode;
  /**
   * Names this server for live reload; pages reload when it changes (a restart). Processes that
   * serve together (CLI workers) share one. Default: a new random id per start.
   */
  instanceId?: string;
  /**
   * While set, every request must carry this token (query, Bearer header, or the cookie a query
   * token sets): how a server shared on the network keeps everyone else out.
   */
  accessToken?: string;
  /**
   * A secret the host's preview frame proves itself with: pages put in a frame report their
   * location only to a parent that posts it (the editor's preview panel). Without it, framed
   * pages tell their parent nothing.
   */
  previewKey?: string;
  /**
   * A proxy the user runs stands in front of this server: the X-Forwarded-* and Forwarded
   * headers clients send are its, and are passed on (appended to). Otherwise they are replaced.
   */
  trustProxy?: boolean;
  /** Path prefix → backend: requests under the prefix are forwarded (longest prefix wins). */
  proxy?: Record<string, ProxyRuleInput>;
  /**
   * A backend command Ferrox starts in the folder and sends the whole site to (PHP, Flask, Django,
   * Express): `{port}` becomes the free loopback port it must listen on, also given as $PORT.
   */
  backend?: string;
  /** A backend already running (started by hand): the whole site goes to it. */
  backendUrl?: string;
  /** With a backend: path prefixes still served from the folder (`/assets`). */
  static?: string[];
  /** Folders outside the root whose changes update the backend's pages (templates beside `static/`). */
  watch?: string[];
  /** URL prefix → folder: another folder served under a path, like the root (longest prefix wins). */
  mount?: Record<string, string>;
  /** How long a backend command may take to accept connections. */
  backendStartTimeoutMs?: number;
  /** A page (relative to the root) answered with status 404 for missing files, when it exists; "" for the built-in page. */
  notFoundPage?: string;
  /** `/about` serves `about.html` when `about` does not exist, and `/about.html` redirects to `/about`. */
  cleanUrls?: boolean;
  /** A browser that navigates to a Markdown file is shown it rendered as a page (a fetch still gets the text). */
  markdown?: boolean;
}

type Optional = 'tls' | 'redirectPort' | 'instanceId' | 'accessToken' | 'previewKey' | 'backend' | 'backendUrl';
export type ResolvedOptions = Required<Omit<ServerOptions, Optional>> & Pick<ServerOptions, Optional>;

/** The one place defaults live. Hosts (CLI, extension) must not repeat them. */
export const DEFAULT_OPTIONS: Readonly<
  Omit<
    ResolvedOptions,
    'root' | 'headers' | 'allowedHosts' | 'liveReloadIgnore' | 'proxy' | 'static' | 'watch' | 'mount'
  >
> = Object.freeze({
  host: '127.0.0.1',
  port: 8080,
  portFallback: 0,
  directoryListing: true,
  cors: false,
  spa: false,
  compression: true,
  keepAliveTimeoutMs: 5_000,
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 30_000,
  maxHeaderSize: 16 * 1024,
  shutdownTimeoutMs: 3_000,
  liveReload: false,
  liveReloadDebounceMs: 40,
  livePoll: 'auto',
  livePollIntervalMs: 500,
  errorOverlay: 'always',
  sync: false,
  crossOriginIsolation: 'off',
  cssInPlace: true,
  htmlInPlace: true,
  browserConsole: 'errors',
  http2: true,
  notFoundPage: '404.html',
  cleanUrls: false,
  markdown: true,
  trustProxy: false,
  backendStartTimeoutMs: 20_000,
});

/** The values of the options that take one of a few words. */
const CONSOLE_MODES: readonly BrowserConsoleMode[] = ['errors', 'all', 'off'];
const POLL_MODES: readonly PollMode[] = ['auto', 'always', 'never'];

type Check = (problems: string[]) => void;

/**
 * Validates and completes options once, at the edge. Throws OptionsError listing every problem,
 * each naming the option and the value it got.
 */
export function resolveOptions(input: ServerOptions): ResolvedOptions {
  const problems: string[] = [];
  const o = { ...DEFAULT_OPTIONS, ...dropUndefined(input) } as ResolvedOptions;
  const checks: Check[] = [
    (p) => {
      if (typeof o.root !== 'string' || o.root === '') p.push(`root must be a folder path, got ${show(o.root)}`);
    },
    (p) => {
      if (typeof o.host !== 'string' || o.host.trim() === '')
        p.push(`host must be a host name or IP address, got ${show(o.host)}`);
    },
    integer('port', o.port, 0, 65535),
    integer('portFallback', o.portFallback, 0, 100),
    integer('keepAliveTimeoutMs', o.keepAliveTimeoutMs, 0, 3_600_000),
    integer('headersTimeoutMs', o.headersTimeoutMs, 1_000, 3_600_000),
    integer('requestTimeoutMs', o.requestTimeoutMs, 0, 3_600_000),
    integer('maxHeaderSize', o.maxHeaderSize, 1024, 1024 * 1024),
    integer('shutdownTimeoutMs', o.shutdownTimeoutMs, 0, 600_000),
    boolean('directoryListing', o.directoryListing),
    boolean('cors', o.cors),
    boolean('spa', o.spa),
    boolean('compression', o.compression),
    boolean('liveReload', o.liveReload),
    boolean('cssInPlace', o.cssInPlace),
    boolean('htmlInPlace', o.htmlInPlace),
    boolean('http2', o.http2),
    boolean('cleanUrls', o.cleanUrls),
    boolean('markdown', o.markdown),
    boolean('trustProxy', o.trustProxy),
    boolean('sync', o.sync),
    (p) => {
      if (!['off', 'require-corp', 'credentialless'].includes(o.crossOriginIsolation))
        p.push(
          `crossOriginIsolation must be "off", "require-corp" or "credentialless", got ${show(o.crossOriginIsolation)}`,
        );
    },
    (p) => checkNotFoundPage(o.notFoundPage, p),
    (p) => parseProxyRules(o.proxy, p),
    (p) => checkBackend(o, p),
    (p) => parsePrefixes(o.static, 'static', p),
    (p) => checkFolders(o.watch, 'watch', p),
    (p) => parseMounts(o.mount, p),
    integer('backendStartTimeoutMs', o.backendStartTimeoutMs, 1000, 600_000),
    (p) => {
      if (!CONSOLE_MODES.includes(o.browserConsole))
        p.push(`browserConsole must be "errors", "all" or "off", got ${show(o.browserConsole)}`);
    },
    integer('liveReloadDebounceMs', o.liveReloadDebounceMs, 0, 10_000),
    (p) => {
      if (!POLL_MODES.includes(o.livePoll))
        p.push(`livePoll must be "auto", "always" or "never", got ${show(o.livePoll)}`);
    },
    integer('livePollIntervalMs', o.livePollIntervalMs, 50, 60_000),
    (p) => {
      if (!['shared', 'always', 'never'].includes(o.errorOverlay))
        p.push(`errorOverlay must be "shared", "always" or "never", got ${show(o.errorOverlay)}`);
    },
    (p) => checkGlobs(o.liveReloadIgnore, p),
    (p) => checkHeaders(o.headers, p),
    (p) => checkAllowedHosts(o.allowedHosts, p),
    (p) => checkTls(o, p),
    (p) => {
      if (
        o.accessToken !== undefined &&
        (typeof o.accessToken !== 'string' || !/^[A-Za-z0-9_-]{16,256}$/.test(o.accessToken))
      ) {
        p.push('accessToken must be 16 to 256 letters, digits, "-" or "_"');
      }
      if (
        o.previewKey !== undefined &&
        (typeof o.previewKey !== 'string' || !/^[A-Za-z0-9_-]{16,256}$/.test(o.previewKey))
      ) {
        p.push('previewKey must be 16 to 256 letters, digits, "-" or "_"');
      }
    },
    (p) => {
      if (o.requestTimeoutMs > 0 && o.headersTimeoutMs > o.requestTimeoutMs) {
        p.push(`headersTimeoutMs (${o.headersTimeoutMs}) must not exceed requestTimeoutMs (${o.requestTimeoutMs})`);
      }
    },
  ];
  for (const check of checks) check(problems);
  if (problems.length > 0) throw new OptionsError(problems);
  return Object.freeze({
    ...o,
    root: path.resolve(o.root),
    host: o.host.trim(),
    // Isolation is two headers on every answer; a header the user sets wins.
    headers: Object.freeze({ ...isolationHeaders(o.crossOriginIsolation), ...(o.headers ?? {}) }),
    allowedHosts: Object.freeze((o.allowedHosts ?? []).map((h) => h.toLowerCase().replace(/\.$/, ''))) as string[],
    liveReloadIgnore: Object.freeze([...(o.liveReloadIgnore ?? [])]) as string[],
    proxy: Object.freeze({ ...(o.proxy ?? {}) }),
    static: Object.freeze(parsePrefixes(o.static, 'static', [])) as string[],
    watch: Object.freeze((o.watch ?? []).map((w) => path.resolve(w))) as string[],
    mount: Object.freeze(parseMounts(o.mount, [])),
    notFoundPage: o.notFoundPage.replace(/^\/+/, ''),
    tls: o.tls ? Object.freeze({ cert: path.resolve(o.tls.cert), key: path.resolve(o.tls.key) }) : undefined,
  });
}

function isolationHeaders(mode: string): Record<string, string> {
  return mode === 'off' ? {} : { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': mode };
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function integer(name: string, value: unknown, min: number, max: number): Check {
  return (p) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      p.push(`${name} must be a whole number from ${min} to ${max}, got ${show(value)}`);
    }
  };
}

function boolean(name: string, value: unknown): Check {
  return (p) => {
    if (typeof value !== 'boolean') p.push(`${name} must be true or false, got ${show(value)}`);
  };
}

function checkNotFoundPage(page: unknown, p: string[]): void {
  if (typeof page !== 'string') {
    p.push(
      `notFoundPage must be a page inside the folder, such as "404.html" ("" for the built-in page), got ${show(page)}`,
    );
    return;
  }
  const parts = page.replace(/^\/+/, '').split(/[\\/]/);
  if (
    page.includes('\0') ||
    parts.some((s) => s === '..' || s.startsWith('.')) ||
    path.isAbsolute(page.replace(/^\/+/, ''))
  ) {
    p.push(`notFoundPage must be a page inside the folder (no "..", no dotfiles), got ${show(page)}`);
  }
}

function checkGlobs(globs: unknown, p: string[]): void {
  if (globs === undefined) return;
  if (!Array.isArray(globs) || globs.some((g) => typeof g !== 'string' || g.trim() === '')) {
    p.push(`liveReloadIgnore must be a list of glob patterns, got ${show(globs)}`);
  }
}

function checkTls(o: ResolvedOptions, p: string[]): void {
  if (o.tls !== undefined) {
    const tls = o.tls as unknown as Record<string, unknown>;
    if (typeof tls !== 'object' || tls === null) p.push(`tls must be { cert, key }, got ${show(tls)}`);
    else {
      if (typeof tls.cert !== 'string' || tls.cert === '')
        p.push(`tls.cert must be the path of a PEM certificate, got ${show(tls.cert)}`);
      if (typeof tls.key !== 'string' || tls.key === '')
        p.push(`tls.key must be the path of a PEM private key, got ${show(tls.key)}`);
    }
  }
  if (o.redirectPort !== undefined) {
    integer('redirectPort', o.redirectPort, 1, 65535)(p);
    if (o.tls === undefined) p.push(`redirectPort (${o.redirectPort}) needs TLS: set tls.cert and tls.key`);
    else if (o.redirectPort === o.port && o.port !== 0) p.push(`redirectPort must differ from port (${o.port})`);
  }
}

/** Whether going from options `a` to `b` needs a new listener (address, TLS, header limits), not just a new configuration. */
export function needsRebind(a: ResolvedOptions, b: ResolvedOptions): boolean {
  return (
    a.host !== b.host ||
    a.port !== b.port ||
    a.portFallback !== b.portFallback ||
    a.maxHeaderSize !== b.maxHeaderSize ||
    a.redirectPort !== b.redirectPort ||
    a.tls?.cert !== b.tls?.cert ||
    a.tls?.key !== b.tls?.key ||
    a.http2 !== b.http2
  );
}
