import * as path from 'node:path';
import { parsePrefixes, parseProxyRules } from '../proxy';
import { checkBackend, checkFolders } from './backendOptions';
import { show } from './errors';
import { checkAllowedHosts, checkHeaders } from './headerOptions';
import { parseMounts } from './mounts';
import type { ServerOptions } from './serverOptions';

/**
 * Every option, declared once: its subsystem, default, check, CLI flag, editor setting, whether a
 * workspace may set it, whether changing it needs a new listener, and its help. The core's
 * defaults, validation and rebind rule are made from this table; the CLI's flag names and
 * `--help` and the extension's setting names and Restricted Mode list are made from it or tested
 * against it (test/unit/config/declarations.test.ts names each place a new option missed).
 */

/** The subsystem an option belongs to; `--help` shows the options in these groups. */
export type OptionGroup = 'site' | 'listen' | 'access' | 'backend' | 'live';

export const GROUP_TITLES: Readonly<Record<OptionGroup, string>> = {
  site: 'What is served',
  listen: 'Where and how it listens',
  access: 'Who may connect',
  backend: 'Backends and proxies',
  live: 'Live reload',
};

/**
 * Who may set an editor setting: anyone (`workspace`), the workspace only once trusted (`trusted`:
 * VS Code's Restricted Mode hands Ferrox the user's own value), or the user alone in every trust
 * state (`user`: it could expose the machine to the network).
 */
export type SettingScope = 'workspace' | 'trusted' | 'user';

export interface SettingDeclaration {
  /** The name after `ferrox.`. */
  name: string;
  scope: SettingScope;
  /** The editor's default where it differs from the core's, and why. */
  editorDefault?: { value: unknown; why: string };
}

export interface FlagDeclaration {
  /** `--port N`: the flag and the placeholder of its value, if it takes one. */
  usage: string;
  short?: string;
  /** The option whose flag this is too (`--poll MS` sets the interval): `--help` shows the flag once, there. */
  sameAs?: string;
}

/** A check pushes one message per problem, each naming the option and the value it got. */
export type OptionCheck = (value: unknown, problems: string[], all: Readonly<ServerOptions>) => void;

export interface OptionDeclaration<T> {
  group: OptionGroup;
  /** Undefined: the option is absent unless given (it turns something on). */
  default?: T;
  check: OptionCheck;
  /** The CLI flag; null: not a flag (the help says why). */
  flag: FlagDeclaration | null;
  /** The `ferrox.*` setting; null: not a setting. */
  setting: SettingDeclaration | null;
  /** Changing it on a running server needs a new listener, not just a new configuration. */
  rebind: boolean;
  /** One line or a few for `--help`; where there is no flag, what sets the option instead. */
  help: string;
  /** Names of parts of the option that messages use (`tls.cert`), and their flag and setting. */
  parts?: Record<string, { flag: string; setting: string }>;
}

type Declarations = { [K in keyof ServerOptions]-?: OptionDeclaration<NonNullable<ServerOptions[K]>> };

export function integer(name: string, min: number, max: number): OptionCheck {
  return (value, p) => {
    if (value === undefined) return;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
      p.push(`${name} must be a whole number from ${min} to ${max}, got ${show(value)}`);
  };
}

function boolean(name: string): OptionCheck {
  return (value, p) => {
    if (value !== undefined && typeof value !== 'boolean') p.push(`${name} must be true or false, got ${show(value)}`);
  };
}

function oneOf(name: string, values: readonly string[]): OptionCheck {
  const said = values.map((v) => `"${v}"`);
  const list = `${said.slice(0, -1).join(', ')} or ${said[said.length - 1]}`;
  return (value, p) => {
    if (value !== undefined && !values.includes(value as string)) p.push(`${name} must be ${list}, got ${show(value)}`);
  };
}

function token(name: string): OptionCheck {
  return (value, p) => {
    if (value !== undefined && (typeof value !== 'string' || !/^[A-Za-z0-9_-]{16,256}$/.test(value)))
      p.push(`${name} must be 16 to 256 letters, digits, "-" or "_"`);
  };
}

const flag = (usage: string, short?: string): FlagDeclaration => (short ? { usage, short } : { usage });
const setting = (name: string, scope: SettingScope = 'workspace'): SettingDeclaration => ({ name, scope });

export const OPTION_DECLARATIONS = {
  root: {
    group: 'site',
    check: (v, p) => {
      if (typeof v !== 'string' || v === '') p.push(`root must be a folder path, got ${show(v)}`);
    },
    flag: null,
    setting: setting('root', 'trusted'),
    rebind: false,
    help: 'the folder to serve: the CLI takes it as its argument',
  },
  directoryListing: {
    group: 'site',
    default: true,
    check: boolean('directoryListing'),
    flag: flag('--no-listing'),
    setting: setting('directoryListing'),
    rebind: false,
    help: 'answer 404 for folders without index.html instead of listing them',
  },
  headers: {
    group: 'site',
    default: {},
    check: checkHeaders,
    flag: flag('--header "Name: value"'),
    setting: setting('headers', 'trusted'),
    rebind: false,
    help: "add a response header (repeatable); it replaces the server's own value of that header",
  },
  cors: {
    group: 'site',
    default: false,
    check: boolean('cors'),
    flag: flag('--cors'),
    setting: setting('cors', 'trusted'),
    rebind: false,
    help: 'allow cross-origin requests (Access-Control-Allow-Origin: *)',
  },
  spa: {
    group: 'site',
    default: false,
    check: boolean('spa'),
    flag: flag('--spa'),
    setting: setting('spa'),
    rebind: false,
    help: 'serve /index.html for unknown paths without a file extension',
  },
  cleanUrls: {
    group: 'site',
    default: false,
    check: boolean('cleanUrls'),
    flag: flag('--clean-urls'),
    setting: setting('cleanUrls'),
    rebind: false,
    help: 'serve /about from about.html, and redirect /about.html to /about',
  },
  hostConfig: {
    group: 'site',
    default: true,
    check: boolean('hostConfig'),
    flag: flag('--no-host-config'),
    setting: setting('hostConfig', 'trusted'),
    rebind: false,
    help: "ignore the hosts' files (_redirects, _headers, serve.json, vercel.json, firebase.json), which are read by default",
  },
  markdown: {
    group: 'site',
    default: true,
    check: boolean('markdown'),
    flag: flag('--no-markdown'),
    setting: setting('markdown'),
    rebind: false,
    help: 'send Markdown files as text to browsers too (by default a navigation to one shows it rendered; a fetch gets the text)',
  },
  notFoundPage: {
    group: 'site',
    default: '404.html',
    check: checkNotFoundPage,
    flag: flag('--not-found-page FILE'),
    setting: setting('notFoundPage'),
    rebind: false,
    help: 'page answered (with 404) for missing files, if it exists (default 404.html; "" for the built-in page)',
  },
  mount: {
    group: 'site',
    default: {},
    check: (v, p) => void parseMounts(v, p),
    flag: flag('--mount /PREFIX=DIR'),
    setting: setting('mount', 'trusted'),
    rebind: false,
    help: 'serve another folder under /PREFIX, like the root (listings, live reload, caching): --mount /vendor=../shared/vendor (repeatable; longest prefix wins)',
  },
  compression: {
    group: 'site',
    default: true,
    check: boolean('compression'),
    flag: flag('--no-compression'),
    setting: setting('compression'),
    rebind: false,
    help: 'do not gzip/brotli-compress responses',
  },
  crossOriginIsolation: {
    group: 'site',
    default: 'off',
    check: oneOf('crossOriginIsolation', ['off', 'require-corp', 'credentialless']),
    flag: flag('--isolate [MODE]'),
    setting: setting('crossOriginIsolation'),
    rebind: false,
    help: 'cross-origin isolation (SharedArrayBuffer, WebAssembly threads): COOP same-origin and COEP MODE, require-corp (the default) or credentialless',
  },

  host: {
    group: 'listen',
    default: '127.0.0.1',
    check: (v, p) => {
      if (typeof v !== 'string' || v.trim() === '') p.push(`host must be a host name or IP address, got ${show(v)}`);
    },
    flag: flag('--host HOST'),
    setting: setting('host', 'user'),
    rebind: true,
    help: 'address to bind (default 127.0.0.1; 0.0.0.0 or :: exposes it to the network)',
  },
  port: {
    group: 'listen',
    default: 8080,
    check: integer('port', 0, 65535),
    flag: flag('--port N', '-p'),
    setting: setting('port'),
    rebind: true,
    help: 'port to listen on (default 8080, and the next free one when that is busy; a port given is kept or the start fails; 0 picks any free port)',
  },
  portFallback: {
    group: 'listen',
    check: integer('portFallback', 0, 100),
    flag: null,
    setting: null,
    rebind: true,
    help: 'how many ports after `port` to try when it is taken: 20 when no port was given, else 0 (the editor\'s "Try Next Free Port" sets it)',
  },
  http2: {
    group: 'listen',
    default: true,
    check: boolean('http2'),
    flag: flag('--no-http2'),
    setting: setting('http2'),
    rebind: true,
    help: 'with TLS: HTTP/1.1 only (by default HTTP/2 and HTTP/1.1 share the port)',
  },
  tls: {
    group: 'listen',
    check: checkTls,
    flag: flag('--tls-cert FILE'),
    setting: setting('tls.cert', 'trusted'),
    rebind: true,
    help: 'PEM certificate; with --tls-key serves HTTPS (wins over --https)',
    parts: {
      'tls.cert': { flag: '--tls-cert', setting: 'tls.cert' },
      'tls.key': { flag: '--tls-key', setting: 'tls.key' },
    },
  },
  redirectPort: {
    group: 'listen',
    check: checkRedirectPort,
    flag: flag('--redirect-port N'),
    setting: setting('tls.redirectPort', 'trusted'),
    rebind: true,
    help: 'with TLS: plain-HTTP port that redirects to HTTPS',
  },
  keepAliveTimeoutMs: {
    group: 'listen',
    default: 5_000,
    check: integer('keepAliveTimeoutMs', 0, 3_600_000),
    flag: flag('--keep-alive-timeout-ms N'),
    setting: setting('keepAliveTimeout'),
    rebind: false,
    help: 'idle keep-alive connection timeout',
  },
  headersTimeoutMs: {
    group: 'listen',
    default: 20_000,
    check: integer('headersTimeoutMs', 1_000, 3_600_000),
    flag: flag('--headers-timeout-ms N'),
    setting: setting('headersTimeout'),
    rebind: false,
    help: 'time allowed to receive request headers (slowloris guard)',
  },
  requestTimeoutMs: {
    group: 'listen',
    default: 30_000,
    check: integer('requestTimeoutMs', 0, 3_600_000),
    flag: flag('--request-timeout-ms N'),
    setting: setting('requestTimeout'),
    rebind: false,
    help: 'time allowed to receive a whole request (0 = none)',
  },
  maxHeaderSize: {
    group: 'listen',
    default: 16 * 1024,
    check: integer('maxHeaderSize', 1024, 1024 * 1024),
    flag: flag('--max-header-size N'),
    setting: setting('maxHeaderSize'),
    rebind: true,
    help: 'largest accepted request header block in bytes (larger: 431)',
  },
  shutdownTimeoutMs: {
    group: 'listen',
    default: 3_000,
    check: integer('shutdownTimeoutMs', 0, 600_000),
    flag: null,
    setting: null,
    rebind: false,
    help: 'how long stopping lets in-flight responses run before cutting them (hosts pass it; Ctrl+C uses the default)',
  },

  allowedHosts: {
    group: 'access',
    default: [],
    check: checkAllowedHosts,
    flag: flag('--allowed-hosts a,b'),
    setting: setting('allowedHosts', 'trusted'),
    rebind: false,
    help: 'extra Host names to accept (*.example.test for subdomains)',
  },
  shareAddress: {
    group: 'access',
    check: (value, p) => {
      if (value !== undefined && (typeof value !== 'string' || value.trim() === ''))
        p.push(`shareAddress must be an address or an interface's name, got ${show(value)}`);
    },
    flag: flag('--share-address HOST'),
    setting: setting('share.address', 'user'),
    rebind: false,
    help: "with --share: the address (or interface name) the link and QR code name, when the first is not the phone's network",
  },
  accessToken: {
    group: 'access',
    check: token('accessToken'),
    flag: null,
    setting: null,
    rebind: false,
    help: 'the token every request must carry while shared: --share (ferrox.share, "Share on Network…") makes one',
  },
  previewKey: {
    group: 'access',
    check: token('previewKey'),
    flag: null,
    setting: null,
    rebind: false,
    help: "the secret the editor's preview frame proves itself with; the extension makes one per server",
  },
  trustProxy: {
    group: 'access',
    default: false,
    check: boolean('trustProxy'),
    flag: flag('--trust-proxy'),
    setting: setting('trustProxy', 'trusted'),
    rebind: false,
    help: 'a proxy you run stands in front: pass on the X-Forwarded-* and Forwarded headers clients send (by default they are replaced)',
  },

  proxy: {
    group: 'backend',
    default: {},
    check: (v, p) => void parseProxyRules(v, p),
    flag: flag('--proxy /PREFIX=URL'),
    setting: setting('proxy', 'trusted'),
    rebind: false,
    help: "forward requests under /PREFIX to a backend, WebSockets too, joining URL's path to the rest: /api=http://127.0.0.1:3000/v1 sends /api/users to /v1/users (repeatable; longest prefix wins)",
  },
  backend: {
    group: 'backend',
    check: (_v, p, all) => checkBackend(all, p),
    flag: flag('--backend "CMD"'),
    setting: setting('backend.command', 'trusted'),
    rebind: false,
    help: 'start a backend in the folder and serve the whole site from it (PHP, Flask, Django, Express): {port} in CMD becomes a free port it must listen on, on 127.0.0.1 alone (also $PORT, with $HOST=127.0.0.1); live reload turns on, and its pages are updated in place. Example: --backend "php -S 127.0.0.1:{port}"',
  },
  backendUrl: {
    group: 'backend',
    // Checked with `backend`: the two say where the site comes from.
    check: () => undefined,
    flag: flag('--backend-url URL'),
    setting: setting('backend.url', 'trusted'),
    rebind: false,
    help: 'serve the whole site from a backend you run, like --backend',
  },
  backendStartTimeoutMs: {
    group: 'backend',
    default: 20_000,
    check: integer('backendStartTimeoutMs', 1000, 600_000),
    flag: flag('--backend-start-timeout-ms N'),
    setting: null,
    rebind: false,
    help: 'how long the backend may take to listen (default 20000)',
  },
  static: {
    group: 'backend',
    default: [],
    check: (v, p) => void parsePrefixes(v, 'static', p),
    flag: flag('--static /PREFIX'),
    setting: setting('backend.static'),
    rebind: false,
    help: 'with a backend: serve /PREFIX from the folder (repeatable)',
  },

  liveReload: {
    group: 'live',
    default: false,
    check: boolean('liveReload'),
    flag: flag('--live'),
    setting: {
      name: 'liveReload.enabled',
      scope: 'workspace',
      editorDefault: { value: true, why: 'the extension is a live preview; the CLI is a plain server unless asked' },
    },
    rebind: false,
    help: "update browsers when files change: a page's own HTML is morphed in place when that is safe, CSS is swapped, anything else reloads",
  },
  htmlInPlace: {
    group: 'live',
    default: true,
    check: boolean('htmlInPlace'),
    flag: flag('--no-html-in-place'),
    setting: setting('liveReload.htmlInPlace'),
    rebind: false,
    help: 'with --live: reload pages on every HTML change instead of morphing',
  },
  cssInPlace: {
    group: 'live',
    default: true,
    check: boolean('cssInPlace'),
    flag: null,
    setting: setting('liveReload.cssInPlace'),
    rebind: false,
    help: "swap a changed stylesheet without a reload (the editor's setting only: the CLI always swaps)",
  },
  browserConsole: {
    group: 'live',
    default: 'errors',
    check: oneOf('browserConsole', ['errors', 'all', 'off']),
    flag: flag('--browser-console MODE'),
    setting: setting('browserConsole'),
    rebind: false,
    help: "with --live: print pages' console on stderr: errors (errors and warnings, the default), all, or off",
  },
  sync: {
    group: 'live',
    default: false,
    check: boolean('sync'),
    flag: flag('--sync'),
    setting: setting('sync'),
    rebind: false,
    help: "synced browsing (implies --live): pages that join mirror each other's scroll, clicks, form input and navigation",
  },
  mcp: {
    group: 'live',
    default: false,
    check: boolean('mcp'),
    flag: flag('--mcp'),
    setting: null,
    rebind: false,
    help: 'serve the Model Context Protocol at /__ferrox/mcp for agents on this machine (implies --live): open pages, their console, page snapshots, navigate and reload',
  },
  errorOverlay: {
    group: 'live',
    default: 'always',
    check: oneOf('errorOverlay', ['shared', 'always', 'never']),
    flag: flag('--error-overlay MODE'),
    setting: setting('errorOverlay'),
    rebind: false,
    help: "with --live: show pages' runtime errors in a small badge: always (the default), shared (only while shared, for phones), or never",
  },
  liveReloadDebounceMs: {
    group: 'live',
    default: 40,
    check: integer('liveReloadDebounceMs', 0, 10_000),
    flag: flag('--live-debounce-ms N'),
    setting: setting('liveReload.debounce'),
    rebind: false,
    help: 'wait for changes to pause this long before reloading (default 40)',
  },
  liveReloadIgnore: {
    group: 'live',
    default: [],
    check: (v, p) => {
      if (v !== undefined && (!Array.isArray(v) || v.some((g) => typeof g !== 'string' || g.trim() === '')))
        p.push(`liveReloadIgnore must be a list of glob patterns, got ${show(v)}`);
    },
    flag: flag('--live-ignore GLOB'),
    setting: setting('liveReload.ignore'),
    rebind: false,
    help: 'do not reload for changes matching GLOB (repeatable; node_modules and hidden folders are always ignored, and never watched)',
  },
  livePoll: {
    group: 'live',
    default: 'auto',
    check: oneOf('livePoll', ['auto', 'always', 'never']),
    flag: flag('--poll [MS]'),
    setting: setting('liveReload.poll'),
    rebind: false,
    help: "with --live: find changes by polling every MS ms (default 500) instead of file events; on by itself where events never come (WSL's /mnt/c, NFS, SMB, FUSE, VM shared folders)",
  },
  livePollIntervalMs: {
    group: 'live',
    default: 500,
    check: integer('livePollIntervalMs', 50, 60_000),
    flag: { usage: '--poll [MS]', sameAs: 'livePoll' },
    setting: setting('liveReload.pollInterval'),
    rebind: false,
    help: 'the pause between two walks while polling: the value of --poll MS',
  },
  watch: {
    group: 'live',
    default: [],
    check: (v, p) => checkFolders(v, 'watch', p),
    flag: flag('--watch DIR'),
    setting: setting('watch'),
    rebind: false,
    help: "with live reload: a change in DIR (templates outside the folder) updates backends' pages too (repeatable)",
  },
  instanceId: {
    group: 'live',
    check: (v, p) => {
      if (v !== undefined && (typeof v !== 'string' || v === '')) p.push(`instanceId must be a string, got ${show(v)}`);
    },
    flag: null,
    setting: null,
    rebind: false,
    help: 'names this server for live reload (pages reload when it changes); the CLI gives its workers one',
  },
} as const satisfies Declarations;

export type OptionName = keyof typeof OPTION_DECLARATIONS;

/** The declarations in order, with their names. */
export function declaredOptions(): [OptionName, OptionDeclaration<unknown>][] {
  return Object.entries(OPTION_DECLARATIONS) as [OptionName, OptionDeclaration<unknown>][];
}

function checkNotFoundPage(page: unknown, p: string[]): void {
  if (page === undefined) return;
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

function checkTls(value: unknown, p: string[]): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null) {
    p.push(`tls must be { cert, key }, got ${show(value)}`);
    return;
  }
  const tls = value as Record<string, unknown>;
  if (typeof tls.cert !== 'string' || tls.cert === '')
    p.push(`tls.cert must be the path of a PEM certificate, got ${show(tls.cert)}`);
  if (typeof tls.key !== 'string' || tls.key === '')
    p.push(`tls.key must be the path of a PEM private key, got ${show(tls.key)}`);
  if (tls.ca !== undefined && (typeof tls.ca !== 'string' || tls.ca === ''))
    p.push(`tls.ca must be the path of the issuing CA's PEM certificate, got ${show(tls.ca)}`);
}

function checkRedirectPort(value: unknown, p: string[], all: Readonly<ServerOptions>): void {
  if (value === undefined) return;
  integer('redirectPort', 1, 65535)(value, p, all);
  if (all.tls === undefined) p.push(`redirectPort (${show(value)}) needs TLS: set tls.cert and tls.key`);
  else if (value === all.port && all.port !== 0) p.push(`redirectPort must differ from port (${show(all.port)})`);
}
