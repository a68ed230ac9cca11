import { parseArgs, type ParseArgsConfig } from 'node:util';
import { editDistance, type ServerOptions } from '../core';

export type LogFormat = 'dev' | 'combined';

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | {
      kind: 'serve';
      options: ServerOptions;
      quiet: boolean;
      workers: number;
      https: boolean;
      share: boolean;
      open: boolean;
      /** `--browser`: the browser (a name or a command line) that `open` uses; undefined: the default one. */
      browser?: string;
      /** Undefined: dev on a terminal, combined otherwise. */
      logFormat?: LogFormat;
    };

/** A problem with the command line; the CLI prints it and exits 2. */
export class UsageError extends Error {}

/** Parses argv (without node and script) into server options. Validation of values is the core's. */
export const PARSER_OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string', short: 'p' },
  open: { type: 'boolean', short: 'o' },
  browser: { type: 'string' },
  listing: { type: 'boolean' },
  header: { type: 'string', multiple: true },
  cors: { type: 'boolean' },
  spa: { type: 'boolean' },
  'clean-urls': { type: 'boolean' },
  markdown: { type: 'boolean' },
  'host-config': { type: 'boolean' },
  'not-found-page': { type: 'string' },
  proxy: { type: 'string', multiple: true },
  mount: { type: 'string', multiple: true },
  backend: { type: 'string' },
  'backend-url': { type: 'string' },
  'backend-start-timeout-ms': { type: 'string' },
  static: { type: 'string', multiple: true },
  watch: { type: 'string', multiple: true },
  'trust-proxy': { type: 'boolean' },
  compression: { type: 'boolean' },
  https: { type: 'boolean' },
  http2: { type: 'boolean' },
  share: { type: 'boolean' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'redirect-port': { type: 'string' },
  'keep-alive-timeout-ms': { type: 'string' },
  'headers-timeout-ms': { type: 'string' },
  'request-timeout-ms': { type: 'string' },
  'max-header-size': { type: 'string' },
  'allowed-hosts': { type: 'string' },
  live: { type: 'boolean' },
  'live-debounce-ms': { type: 'string' },
  'live-ignore': { type: 'string', multiple: true },
  poll: { type: 'string' },
  isolate: { type: 'string' },
  'no-poll': { type: 'boolean' },
  'html-in-place': { type: 'boolean' },
  'browser-console': { type: 'string' },
  'error-overlay': { type: 'string' },
  sync: { type: 'boolean' },
  mcp: { type: 'boolean' },
  'share-address': { type: 'string' },
  workers: { type: 'string' },
  'log-format': { type: 'string' },
  quiet: { type: 'boolean' },
  version: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

/** Boolean options that are on by default, and so are written as --no-…. */
export const NEGATED = new Set(['listing', 'compression', 'http2', 'html-in-place', 'markdown', 'host-config']);

/** Parses argv (without node and script) into server options. Validation of values is the core's. */
export function parseCli(argv: string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: withOptionalValues(argv),
      allowPositionals: true,
      allowNegative: true,
      strict: true,
      options: PARSER_OPTIONS,
    });
  } catch (err) {
    throw new UsageError(explainParseError(err as NodeJS.ErrnoException));
  }
  const v = parsed.values;
  if (v.help) return { kind: 'help' };
  if (v.version) return { kind: 'version' };
  const logFormat = v['log-format'];
  if (logFormat !== undefined && logFormat !== 'dev' && logFormat !== 'combined') {
    throw new UsageError(`--log-format expects dev or combined, got "${logFormat}"`);
  }
  if (parsed.positionals.length > 1)
    throw new UsageError(`Expected one folder, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')}`);
  const siteBackend = v.backend !== undefined || v['backend-url'] !== undefined;
  if (v.static !== undefined && !siteBackend)
    throw new UsageError('--static keeps prefixes from a backend: give --backend or --backend-url too');
  if (v.watch !== undefined && !(v.live ?? siteBackend))
    throw new UsageError('--watch is for live reload: give --live (or a backend) too');
  const certFile = v['tls-cert'];
  const keyFile = v['tls-key'];
  if ((certFile === undefined) !== (keyFile === undefined))
    throw new UsageError('--tls-cert and --tls-key must be given together');

  const options: ServerOptions = {
    root: parsed.positionals[0] ?? '.',
    host: v.host,
    port: int('--port', v.port),
    directoryListing: v.listing,
    headers: parseHeaders(v.header ?? []),
    cors: v.cors,
    spa: v.spa,
    cleanUrls: v['clean-urls'],
    markdown: v.markdown,
    hostConfig: v['host-config'],
    trustProxy: v['trust-proxy'],
    notFoundPage: v['not-found-page'],
    proxy: parsePairs('--proxy', 'URL', '/api=http://127.0.0.1:3000', v.proxy ?? []),
    mount: parsePairs('--mount', 'DIR', '/vendor=../shared/vendor', v.mount ?? []),
    backend: v.backend,
    backendUrl: v['backend-url'],
    backendStartTimeoutMs: int('--backend-start-timeout-ms', v['backend-start-timeout-ms']),
    static: v.static,
    watch: v.watch,
    compression: v.compression,
    tls: certFile !== undefined && keyFile !== undefined ? { cert: certFile, key: keyFile } : undefined,
    redirectPort: int('--redirect-port', v['redirect-port']),
    keepAliveTimeoutMs: int('--keep-alive-timeout-ms', v['keep-alive-timeout-ms']),
    headersTimeoutMs: int('--headers-timeout-ms', v['headers-timeout-ms']),
    requestTimeoutMs: int('--request-timeout-ms', v['request-timeout-ms']),
    maxHeaderSize: int('--max-header-size', v['max-header-size']),
    allowedHosts: v['allowed-hosts']
      ?.split(',')
      .map((h) => h.trim())
      .filter((h) => h !== ''),
    // A backend is served for live preview, and sync is live reload's: it is on unless --no-live says otherwise.
    liveReload: v.live ?? (siteBackend || v.sync || v.mcp ? true : undefined),
    liveReloadDebounceMs: int('--live-debounce-ms', v['live-debounce-ms']),
    liveReloadIgnore: v['live-ignore'],
    ...pollOptions(v.poll as string | boolean | undefined),
    htmlInPlace: v['html-in-place'],
    browserConsole: v['browser-console'] as ServerOptions['browserConsole'],
    errorOverlay: v['error-overlay'] as ServerOptions['errorOverlay'],
    sync: v.sync,
    mcp: v.mcp,
    shareAddress: v['share-address'],
    crossOriginIsolation:
      v.isolate === undefined ? undefined : ((v.isolate || 'require-corp') as ServerOptions['crossOriginIsolation']),
    http2: v.http2,
  };
  const workers = int('--workers', v.workers) ?? 1;
  if (workers < 1 || workers > 64) throw new UsageError(`--workers expects 1 to 64, got ${workers}`);
  if (workers > 1 && v.backend !== undefined)
    throw new UsageError('--backend runs one backend for one server: it cannot be used with --workers');
  if (workers > 1 && v.sync)
    throw new UsageError('--sync relays between the pages of one process: it cannot be used with --workers');
  if (workers > 1 && v.mcp)
    throw new UsageError('--mcp answers for the pages of one process: it cannot be used with --workers');
  if (v.mcp && v.live === false)
    throw new UsageError('--mcp reads the pages live reload connects: it cannot be used with --no-live');
  return {
    kind: 'serve',
    options,
    quiet: v.quiet ?? false,
    workers,
    https: v.https ?? false,
    share: v.share ?? false,
    open: v.open ?? v.browser !== undefined,
    browser: v.browser,
    logFormat: logFormat as LogFormat | undefined,
  };
}

/** Flags whose value may be left out, and what a value of theirs looks like (parseArgs cannot say so). */
const OPTIONAL_VALUES: Record<string, RegExp> = {
  '--poll': /^\d+$/,
  '--isolate': /^(?:require-corp|credentialless|off)$/,
};

/** The long form of `arg` when it is a flag that takes a value (`-p` → `--port`). */
function valueFlag(arg: string): string | undefined {
  const name = arg.startsWith('--')
    ? arg.slice(2)
    : Object.entries(PARSER_OPTIONS).find(([, o]) => 'short' in o && `-${o.short}` === arg)?.[0];
  return name !== undefined &&
    Object.hasOwn(PARSER_OPTIONS, name) &&
    (PARSER_OPTIONS as Record<string, { type: string }>)[name].type === 'string'
    ? `--${name}`
    : undefined;
}

/**
 * A flag of OPTIONAL_VALUES with its value after it becomes `--flag=value`; a bare one, `--flag=`.
 * A flag that takes a value, followed by a negative number, takes it (no flag starts with a
 * digit): `-p -1` is then a bad port, not a missing value.
 */
function withOptionalValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const value = OPTIONAL_VALUES[argv[i]];
    const long = value ? undefined : valueFlag(argv[i]);
    if (long && /^-\d/.test(argv[i + 1] ?? '')) out.push(`${long}=${argv[++i]}`);
    else if (!value) out.push(argv[i]);
    else if (value.test(argv[i + 1] ?? '')) out.push(`${argv[i]}=${argv[++i]}`);
    else out.push(`${argv[i]}=`);
  }
  return out;
}

/** `poll`: the value of the last of --poll (a string, '' when bare) and --no-poll (false). */
function pollOptions(poll: string | boolean | undefined): Pick<ServerOptions, 'livePoll' | 'livePollIntervalMs'> {
  if (poll === false) return { livePoll: 'never' };
  if (typeof poll !== 'string') return {};
  return { livePoll: 'always', livePollIntervalMs: poll === '' ? undefined : int('--poll', poll) };
}

/** Node's parseArgs messages, said our way: the flag, what is wrong, and the flag meant. */
function explainParseError(err: NodeJS.ErrnoException): string {
  const flag = /'(-[^' ,]+)/.exec(err.message)?.[1] ?? '';
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const meant = closestFlag(flag);
    return `unknown option ${flag}${meant ? `. Did you mean ${meant}?` : ''}`;
  }
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const long = /--[a-z0-9-]+/.exec(err.message)?.[0] ?? flag;
    if (/argument missing/.test(err.message)) return `${long} needs a value`;
    // "-p -1": parseArgs takes "-1" for a flag of its own.
    if (/ambiguous/.test(err.message))
      return `${long} needs a value; one that starts with "-" is written ${long}=VALUE`;
    return `${long} takes no value`;
  }
  return err.message;
}

/** The known flag a mistyped one was most likely meant to be, if any is close. */
export function closestFlag(typed: string): string | undefined {
  const word = typed.replace(/^-+/, '').split('=')[0].toLowerCase();
  if (word === '') return undefined;
  const flags = Object.keys(PARSER_OPTIONS).flatMap((name) => (NEGATED.has(name) ? [name, `no-${name}`] : [name]));
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  let best: { flag: string; d: number } | undefined;
  for (const flag of flags) {
    const d = flag.startsWith(word) && word.length >= 3 ? 0.5 : editDistance(word, flag, limit);
    if (d <= limit && (!best || d < best.d)) best = { flag, d };
  }
  return best && `--${best.flag}`;
}

function int(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${flag} expects a whole number, got "${value}"`);
  return Number(value);
}

/** `--proxy /PREFIX=URL` and `--mount /PREFIX=DIR`, each repeatable: prefix → value. */
function parsePairs(flag: string, what: string, example: string, values: string[]): Record<string, string> | undefined {
  if (values.length === 0) return undefined;
  const pairs: Record<string, string> = {};
  for (const raw of values) {
    const eq = raw.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag} expects /PREFIX=${what}, such as ${example}, got "${raw}"`);
    const prefix = raw.slice(0, eq).trim();
    if (prefix in pairs) throw new UsageError(`${flag} is given twice for ${prefix}`);
    pairs[prefix] = raw.slice(eq + 1).trim();
  }
  return pairs;
}

function parseHeaders(values: string[]): Record<string, string> | undefined {
  if (values.length === 0) return undefined;
  const headers: Record<string, string> = {};
  for (const raw of values) {
    const colon = raw.indexOf(':');
    if (colon <= 0) throw new UsageError(`--header expects "Name: value", got "${raw}"`);
    headers[raw.slice(0, colon).trim()] = raw.slice(colon + 1).trim();
  }
  return headers;
}
