import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResolvedOptions } from '../config';
import type { ContentOverlay, FileCache, ListingCache, MissingMemo, RouteMemo, SiteTree } from '../files';
import { baseHeaders as toBaseHeaders, HostPolicy, type BaseHeaders, type ParsedTarget } from '../http';
import type { LiveReload } from '../live';
import type { HostRules } from '../hosting';
import type { ForwardContext, ProxyPool, ProxyRule } from '../proxy';
import { AccessGate, type ShareGrants } from '../share';

/** The whole site's backend (`backend` or `backendUrl`): the rule that takes every path not served otherwise. */
export interface SiteBackend {
  rule: ProxyRule;
  /**
   * While the backend Ferrox runs is down: the page that stands in for it. `local`: with its
   * command and last lines of output, shown only to this machine (they may hold what the LAN should not see).
   */
  down?: (local: boolean) => string | undefined;
  /** The backend's output: a mark now, and the lines written since a mark (what it said while rendering a page). */
  output?: { mark(): number; since(mark: number): readonly string[] };
  /**
   * A page came back unchanged on its last look after an edit (`edited`, a URL path): the note
   * for it, naming what most likely caches it. The first call also says so in the log.
   */
  unchangedNote?: (edited: string | undefined) => string;
}

/** The proxy part of a configuration. */
export interface ProxySetup {
  /** The user's rules, and last the site's backend's (prefix ""). */
  rules: readonly ProxyRule[];
  /** Path prefixes served from the folder even where a rule would take them (`static`). */
  servedHere: readonly string[];
  site?: SiteBackend;
  pool: ProxyPool;
  onFailure: (message: string) => void;
}

/** What every request forwarded for one exchange shares. */
export type ForwardBase = Pick<ForwardContext, 'pool' | 'client' | 'local' | 'credentials' | 'onFailure'>;

/** Everything a request needs, computed once per configuration rather than per request. */
export interface PipelineConfig {
  options: ResolvedOptions;
  /** The root with its symlinks resolved; containment is checked against this. */
  realRoot: string;
  /** Names the served folder in the cookie by which an origin knows which folder it served last (steps/siteState.ts). */
  siteMarker: string;
  /** The root and the folders mounted under prefixes: where a URL's segments are looked up. */
  tree: SiteTree;
  hostPolicy: HostPolicy;
  baseHeaders: BaseHeaders;
  /** The base headers without CORS, for the server's own routes: they never answer another origin. */
  ownHeaders: BaseHeaders;
  onStreamError: (err: Error, realPath: string) => void;
  /** Present while live reload is on. */
  live?: LiveReload;
  overlay?: ContentOverlay;
  cache?: FileCache;
  listings?: ListingCache;
  /** What targets resolved to; skips realpath and stat on repeat requests and feeds the hot path. */
  routes?: RouteMemo;
  /** Present when 404s may be remembered: cache and memo on, and no SPA fallback. */
  missing?: MissingMemo;
  /** Present while the server is shared: every request needs the token. */
  access?: AccessGate;
  /** Present when proxy rules are set. */
  proxy?: ProxySetup;
  /** Present when the served folder has hosts' files (`_redirects`, `vercel.json`…) and they are read. */
  hosting?: HostingSetup;
}

/** The hosts' rules, and what their proxy rules forward with. */
export interface HostingSetup {
  rules: HostRules;
  pool: ProxyPool;
  onFailure: (message: string) => void;
}

/** One request on its way through the steps. */
export interface Exchange {
  cfg: PipelineConfig;
  req: IncomingMessage;
  res: ServerResponse;
  headOnly: boolean;
  /** The target, decoded once by the `target` step (and again after a host's rewrite). */
  target?: ParsedTarget;
  /** How many host rewrites this request went through (a loop stops at a few). */
  rewrites?: number;
}

export function buildPipelineConfig(
  options: ResolvedOptions,
  tree: SiteTree,
  onStreamError: PipelineConfig['onStreamError'],
  extras: Pick<PipelineConfig, 'live' | 'overlay' | 'cache' | 'routes' | 'listings' | 'proxy' | 'hosting'> = {},
  grants?: ShareGrants,
): PipelineConfig {
  const user = Object.entries(options.headers);
  const cors: [string, string][] = options.cors
    ? [
        ['Access-Control-Allow-Origin', '*'],
        ['Access-Control-Expose-Headers', 'Content-Length, Content-Range, ETag, Last-Modified, Accept-Ranges'],
      ]
    : [];
  const own = [
    ['X-Content-Type-Options', 'nosniff'] as [string, string],
    ...user.filter(([name]) => !/^access-control-/i.test(name)),
  ];
  const { cache, routes } = extras;
  const realRoot = tree.realRoot;
  // A miss is not remembered where it may not stay one: the SPA fallback, a host's rule for misses.
  const missing =
    cache && routes && !options.spa && !extras.hosting?.rules.hasAfterRules ? { realRoot, cache, routes } : undefined;
  return {
    options,
    realRoot,
    siteMarker: createHash('sha256').update(realRoot).digest('base64url').slice(0, 16),
    tree,
    hostPolicy: new HostPolicy(options.host, options.allowedHosts),
    onStreamError,
    missing,
    baseHeaders: toBaseHeaders([['X-Content-Type-Options', 'nosniff'], ...cors, ...user]),
    ownHeaders: toBaseHeaders(own),
    access:
      options.accessToken !== undefined ? new AccessGate(options.accessToken, grants, options.trustProxy) : undefined,
    ...extras,
  };
}
