import * as path from 'node:path';
import { parsePrefixes } from '../proxy';
import { declaredOptions, OPTION_DECLARATIONS, type OptionName } from './declarations';
import { parseMounts } from './mounts';
import { OptionsError } from './errors';
import type { ServerOptions } from './serverOptions';

export type { ServerOptions, TlsOptions } from './serverOptions';

type Optional =
  'tls' | 'redirectPort' | 'instanceId' | 'accessToken' | 'previewKey' | 'backend' | 'backendUrl' | 'shareAddress';
export type ResolvedOptions = Required<Omit<ServerOptions, Optional>> & Pick<ServerOptions, Optional>;

/** What transport/ reads: the listener's address, limits and timeouts, and whether it speaks HTTP/2. */
export type TransportOptions = Pick<
  ResolvedOptions,
  'host' | 'maxHeaderSize' | 'http2' | 'keepAliveTimeoutMs' | 'headersTimeoutMs' | 'requestTimeoutMs'
>;

/** How many ports after the default one are tried when it is busy; a port that was given is kept or fails. */
const DEFAULT_PORT_TRIES = 20;

type WithDefault = {
  [K in OptionName]: (typeof OPTION_DECLARATIONS)[K] extends { default: unknown } ? K : never;
}[OptionName];
type Collection = 'headers' | 'allowedHosts' | 'liveReloadIgnore' | 'proxy' | 'static' | 'watch' | 'mount';

/** The defaults of the options that have one, from their declarations (collections are empty by default). */
export const DEFAULT_OPTIONS = Object.freeze(
  Object.fromEntries(
    declaredOptions().flatMap(([name, d]) =>
      'default' in d && typeof d.default !== 'object' ? [[name, d.default]] : [],
    ),
  ),
) as Readonly<Pick<ResolvedOptions, Exclude<WithDefault, Collection>>>;

/**
 * Validates and completes options once, at the edge. Throws OptionsError listing every problem,
 * each naming the option and the value it got.
 */
export function resolveOptions(input: ServerOptions): ResolvedOptions {
  const problems: string[] = [];
  const given = dropUndefined(input);
  const o = {
    ...DEFAULT_OPTIONS,
    portFallback: given.port === undefined ? DEFAULT_PORT_TRIES : 0,
    ...given,
  } as ResolvedOptions;
  for (const [name, d] of declaredOptions()) d.check(o[name], problems, o);
  // Rules between options.
  const timeouts = [o.requestTimeoutMs, o.headersTimeoutMs];
  if (timeouts.every((t) => typeof t === 'number') && o.requestTimeoutMs > 0 && o.headersTimeoutMs > o.requestTimeoutMs)
    problems.push(`headersTimeoutMs (${o.headersTimeoutMs}) must not exceed requestTimeoutMs (${o.requestTimeoutMs})`);
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
    tls: o.tls
      ? Object.freeze({
          cert: path.resolve(o.tls.cert),
          key: path.resolve(o.tls.key),
          ...(o.tls.ca !== undefined ? { ca: path.resolve(o.tls.ca) } : {}),
        })
      : undefined,
  });
}

function isolationHeaders(mode: string): Record<string, string> {
  return mode === 'off' ? {} : { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': mode };
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Whether going from options `a` to `b` needs a new listener (address, TLS, header limits), not just a new configuration. */
export function needsRebind(a: ResolvedOptions, b: ResolvedOptions): boolean {
  return declaredOptions().some(
    ([name, d]) => d.rebind && JSON.stringify(a[name] ?? null) !== JSON.stringify(b[name] ?? null),
  );
}
