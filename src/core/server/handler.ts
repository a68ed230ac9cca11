import type { IncomingMessage, ServerResponse } from 'node:http';
import * as path from 'node:path';
import {
  lookup, serveFile, servedPageSource, watchForMissing,
  type CachedFile, type ContentOverlay, type FileCache, type ListingCache, type Lookup, type MissingMemo, type RouteMemo,
} from '../files';
import {
  absoluteFormAuthority, applyBaseHeaders, baseHeaders as toBaseHeaders, encodePath, hostOf, parseTarget, sendError, sendRedirect, writeHead,
  type BaseHeaders,
} from '../http';
import { isHtmlPath, LIVE_PREFIX, optsOutOfLive, type LiveReload } from '../live';
import { AccessGate } from './accessToken';
import { HostPolicy } from './hostCheck';
import type { ResolvedOptions } from './options';
import { sendListing } from './listingRoute';
import { answerNotFound } from './notFoundRoute';
import { proxyRequest, proxyRouteFor, type ProxySetup } from './proxyRoute';

/** Everything a request needs, computed once per configuration rather than per request. */
export interface HandlerConfig {
  options: ResolvedOptions;
  /** The root with its symlinks resolved; containment is checked against this. */
  realRoot: string;
  hostPolicy: HostPolicy;
  baseHeaders: BaseHeaders;
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
}

export function buildHandlerConfig(
  options: ResolvedOptions,
  realRoot: string,
  onStreamError: HandlerConfig['onStreamError'],
  extras: Pick<HandlerConfig, 'live' | 'overlay' | 'cache' | 'routes' | 'listings' | 'proxy'> = {},
): HandlerConfig {
  const pairs: [string, string][] = [['X-Content-Type-Options', 'nosniff']];
  if (options.cors) {
    pairs.push(['Access-Control-Allow-Origin', '*']);
    pairs.push(['Access-Control-Expose-Headers', 'Content-Length, Content-Range, ETag, Last-Modified, Accept-Ranges']);
  }
  for (const [name, value] of Object.entries(options.headers)) pairs.push([name, value]);
  const { cache, routes } = extras;
  const missing = cache && routes && !options.spa ? { realRoot, cache, routes } : undefined;
  return {
    options, realRoot, hostPolicy: new HostPolicy(options.host, options.allowedHosts), baseHeaders: toBaseHeaders(pairs), onStreamError, missing,
    access: options.accessToken !== undefined ? new AccessGate(options.accessToken) : undefined, ...extras,
  };
}

const ALLOW = 'GET, HEAD';

/** Serves one request. Never rejects: every failure becomes an HTTP status. */
export async function handleRequest(cfg: HandlerConfig, req: IncomingMessage, res: ServerResponse): Promise<void> {
  applyBaseHeaders(res, cfg.baseHeaders);
  const headOnly = req.method === 'HEAD';
  const host = hostOf(req);
  if (!cfg.hostPolicy.allows(host)) {
    sendError(res, 403, `This server does not answer to the host name "${host}". ` +
      'Requests must name localhost or an IP address; add the name to allowedHosts to accept it. ' +
      '(This protects the server from DNS-rebinding attacks.)', headOnly);
    return;
  }
  if (cfg.access && !cfg.access.allows(req)) {
    cfg.access.refuse(req, res);
    return;
  }
  const rawTarget = req.url ?? '/';
  const authority = absoluteFormAuthority(rawTarget);
  if (authority !== undefined && !cfg.hostPolicy.allows(authority)) {
    // `GET http://other/ HTTP/1.1`: a forward-proxy request. This server is nobody's proxy.
    sendError(res, 400, `This server is not a proxy: the request names the host "${authority}".`, headOnly);
    return;
  }
  const route = proxyRouteFor(cfg, authority === undefined ? rawTarget : rawTarget.slice(rawTarget.indexOf(authority) + authority.length) || '/');
  if (route && cfg.proxy) {
    proxyRequest(cfg as HandlerConfig & { proxy: ProxySetup }, req, res, route);
    return;
  }
  if (req.method === 'OPTIONS' && cfg.options.cors) {
    writeHead(res, 204, {
      Allow: ALLOW,
      'Access-Control-Allow-Methods': ALLOW,
      'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'Range',
      'Access-Control-Max-Age': '600',
    });
    res.end();
    return;
  }
  const target = parseTarget(req.url ?? '/');
  // Live reload's own routes check their methods (pages POST console entries).
  if (cfg.live && target.ok && target.segments[0] === LIVE_PREFIX.slice(1, -1)) {
    cfg.live.handle('/' + target.segments.join('/'), req, res);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendError(res, 405, `The method ${req.method} is not allowed; this server only reads files.`, headOnly, { Allow: ALLOW });
    return;
  }
  if (!target.ok) {
    sendError(res, target.status, target.reason, headOnly);
    return;
  }
  const { segments, trailingSlash, query } = target;
  // How many folders deep the requested URL is, for the injected tag's relative src.
  const depth = Math.max(0, segments.length - (trailingSlash ? 0 : 1));
  const key = trailingSlash ? segments.join('/') + '/' : segments.join('/');
  // Read before any lookup: a watched folder that changes meanwhile clears the memo and bumps it.
  const generation = cfg.routes?.generation ?? 0;
  const known = cfg.routes?.get(key);
  if (known !== undefined && cfg.cache && !cfg.overlay?.get(known)) {
    // Resolved (and found contained) before: the cache vouches for the file or re-checks it.
    let entry = cfg.cache.peek(known);
    if (entry) {
      // Watch events that arrived with this request are handled before it is answered.
      await nextPhase();
      entry = cfg.cache.peek(known);
    }
    entry ??= await cfg.cache.get(known);
    // The memo still holding this resolution means no watched folder changed meanwhile (a
    // retargeted symlink leaves the target's entry valid but the resolution stale).
    if (entry && cfg.routes?.generation === generation) {
      if (cfg.routes.hot(req.url ?? '') === undefined) cfg.routes.remember(key, hotTarget(cfg, req, entry), known, generation);
      await respondWith(cfg, req, res, { kind: 'file', realPath: known }, query, depth, entry);
      return;
    }
    if (!entry) cfg.routes?.forget(key);
  }
  const missing = trailingSlash ? undefined : cfg.missing;
  const missingWatch = missing && watchForMissing(missing, segments);
  let found = await lookup(cfg.realRoot, segments);
  if (found.kind === 'file' && trailingSlash) {
    // "/file.txt/" names a folder that does not exist, as on any file system.
    found = { kind: 'error', status: 404, reason: 'Not found.' };
  }
  if (cfg.options.cleanUrls && !trailingSlash) {
    const clean = await cleanUrl(cfg, segments, found);
    if (clean.redirect !== undefined) {
      sendRedirect(res, clean.redirect + query, headOnly);
      return;
    }
    found = clean.found;
  }
  const direct = found.kind !== 'error';
  if (found.kind === 'error' && found.status === 404 && cfg.options.spa && !hasExtension(segments)) {
    found = await lookup(cfg.realRoot, ['index.html']);
  }
  if (found.kind === 'directory') {
    if (!trailingSlash) {
      sendRedirect(res, encodePath(segments, true) + query, headOnly);
      return;
    }
    const index = await lookup(cfg.realRoot, [...segments, 'index.html']);
    if (index.kind === 'file') {
      found = index;
    } else if (cfg.options.directoryListing) {
      await sendListing(cfg, req, res, found.realPath, segments);
      return;
    } else {
      await answerNotFound(cfg, req, res, { segments, trailingSlash, depth });
      return;
    }
  }
  if (found.kind === 'error' && found.status === 404) {
    await answerNotFound(cfg, req, res, { segments, trailingSlash, depth }, missing && missingWatch ? { memo: missing, watch: missingWatch } : undefined);
    return;
  }
  // Only small files the cache holds are remembered, and never SPA fallbacks: a file created
  // later at that path must win.
  const entry = found.kind === 'file' ? await cfg.cache?.get(found.realPath) : undefined;
  if (entry && direct) cfg.routes?.remember(key, hotTarget(cfg, req, entry), entry.realPath, generation);
  await respondWith(cfg, req, res, found, query, depth, entry);
}

/**
 * Clean URLs: `/about` serves `about.html` when nothing is called `about`, and `/about.html`
 * (or `/docs/index.html`) redirects to `/about` (`/docs/`). Both stay inside the same folder, so
 * containment, hidden names and the folder watches apply unchanged.
 */
async function cleanUrl(cfg: HandlerConfig, segments: string[], found: Lookup): Promise<{ found: Lookup; redirect?: string }> {
  const last = segments[segments.length - 1];
  if (last === undefined) return { found };
  if (found.kind === 'file' && /\.html$/i.test(last)) {
    const bare = last.slice(0, -'.html'.length);
    if (bare.toLowerCase() === 'index') return { found, redirect: encodePath(segments.slice(0, -1), true) };
    // Only when the clean name is free: a folder `about/` beside `about.html` keeps the .html URL.
    const clean = [...segments.slice(0, -1), bare];
    if (bare !== '' && (await lookup(cfg.realRoot, clean)).kind === 'error') return { found, redirect: encodePath(clean, false) };
  }
  if (found.kind === 'error' && found.status === 404 && !/\.html?$/i.test(last)) {
    const page = await lookup(cfg.realRoot, [...segments.slice(0, -1), `${last}.html`]);
    if (page.kind === 'file') return { found: page };
  }
  return { found };
}

/**
 * The raw target, when the hot path may answer it: every request with these bytes gets this
 * file. HTML under live reload is left out: its tag depends on headers and the query.
 */
function hotTarget(cfg: HandlerConfig, req: IncomingMessage, entry: CachedFile): string | undefined {
  return cfg.live && entry.contentType.startsWith('text/html') ? undefined : req.url;
}

/** Resolves in the event loop's check phase, after the I/O callbacks of the current poll. */
function nextPhase(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function respondWith(
  cfg: HandlerConfig, req: IncomingMessage, res: ServerResponse, found: Lookup, query: string, depth: number, cached?: CachedFile,
): Promise<void> {
  if (found.kind === 'error') {
    sendError(res, found.status, found.reason, req.method === 'HEAD');
    return;
  }
  let inject: Buffer | undefined;
  if (cfg.live && !optsOutOfLive(req, query)) {
    const fileUrlPath = encodePath(path.relative(cfg.realRoot, found.realPath).split(path.sep), false);
    // The bytes this page is answered with, when in memory: a later change can be morphed from them.
    const source = isHtmlPath(found.realPath) ? servedPageSource(found.realPath, cfg.overlay, cached) : undefined;
    const version = source && cfg.live.served(fileUrlPath, source);
    inject = cfg.live.snippet(fileUrlPath, depth, version);
  }
  await serveFile(req, res, found.realPath, {
    compression: cfg.options.compression,
    onStreamError: cfg.onStreamError,
    overlay: cfg.overlay,
    cache: cfg.cache,
    cached,
    inject,
  });
}

function hasExtension(segments: readonly string[]): boolean {
  const last = segments[segments.length - 1] ?? '';
  return last.includes('.');
}
