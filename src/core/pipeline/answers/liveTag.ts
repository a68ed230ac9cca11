import type { IncomingMessage } from 'node:http';
import { servedPageSource, type CachedFile, type ContentOverlay, type PageSource, type SiteTree } from '../../files';
import { contentTypeFor, encodePath, parseTarget } from '../../http';
import { withoutToken } from '../../share';
import { optsOutOfLive, type LiveReload } from '../../live';
import type { PageTag } from '../../proxy';

/**
 * Whether an answer carries the live-reload tag, and which tag: decided here and nowhere else.
 * A page gets one while live reload is on, when it is HTML and the request did not opt out (a
 * script's fetch, `?ferrox-live=0`). files/ then only puts the tag it is handed into the page,
 * and marks the page's validator with it.
 */

interface TagConfig {
  live?: LiveReload;
  tree: SiteTree;
  overlay?: ContentOverlay;
}

/**
 * How many folders deep the URL the browser shows is, counted on the raw target as the browser
 * resolves relative URLs: the tag's src climbs that many levels to reach /__ferrox/.
 */
export function pageDepth(rawTarget: string): number {
  const origin = rawTarget.startsWith('/') ? '' : (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(rawTarget)?.[0] ?? '');
  const q = rawTarget.slice(origin.length).search(/[?#]/);
  const rawPath = q < 0 ? rawTarget.slice(origin.length) : rawTarget.slice(origin.length, origin.length + q);
  let slashes = 0;
  for (let i = 0; i < rawPath.length; i++) if (rawPath.charCodeAt(i) === 47) slashes++;
  return Math.max(0, slashes - 1);
}

function queryOf(rawTarget: string): string {
  const q = rawTarget.indexOf('?');
  return q < 0 ? '' : rawTarget.slice(q);
}

function wanted(cfg: TagConfig, req: IncomingMessage): cfg is TagConfig & { live: LiveReload } {
  return cfg.live !== undefined && !optsOutOfLive(req, queryOf(req.url ?? '/'));
}

/**
 * The tag for a page served from a file, naming the file and the version of its source the
 * browser gets (so a later change can be morphed from it); undefined when it gets none.
 */
export function fileTag(
  cfg: TagConfig,
  req: IncomingMessage,
  realPath: string,
  cached?: CachedFile,
): Buffer | undefined {
  if (!wanted(cfg, req) || !contentTypeFor(realPath).startsWith('text/html')) return undefined;
  const fileUrlPath = pageUrlPath(cfg, req, realPath);
  // The bytes this page is answered with, when in memory: a later change can be morphed from them.
  const source = servedPageSource(realPath, cfg.overlay, cached);
  const version = source && cfg.live.served(fileUrlPath, source);
  return cfg.live.snippet(fileUrlPath, pageDepth(req.url ?? '/'), version);
}

/**
 * The URL path a page names its file by: the one it was asked for when that serves the file (a
 * file in a folder that is also mounted has two, and a page at each is morphed as its own), else
 * the file's first (`/docs/` asked, `/docs/index.html` named).
 */
function pageUrlPath(cfg: TagConfig, req: IncomingMessage, realPath: string): string {
  const all = cfg.tree.urlPathsOf(realPath);
  if (all.length > 1) {
    const asked = parseTarget(req.url ?? '/');
    const path = asked.ok ? encodePath(asked.segments, false) : undefined;
    if (path !== undefined && all.includes(path)) return path;
  }
  return all[0] ?? '/';
}

/** The tag for the site's 404 page: it reloads when the page changes, but is never morphed. */
export function errorPageTag(cfg: TagConfig, req: IncomingMessage, realPath: string): Buffer | undefined {
  if (!wanted(cfg, req)) return undefined;
  return cfg.live.snippet(cfg.tree.urlPathsOf(realPath)[0] ?? '/', pageDepth(req.url ?? '/'));
}

/**
 * For a proxied request: the tag for a backend's HTML answer, naming a new token for the text it
 * was rendered as. The answer to a POST (any method but GET and HEAD) gets no token: fetching it
 * again would send the form again.
 */
export function proxiedTag(
  cfg: TagConfig,
  req: IncomingMessage,
  ruleWantsLive: boolean,
): (PageTag & Required<Pick<PageTag, 'keep'>>) | undefined {
  if (!ruleWantsLive || !wanted(cfg, req)) return undefined;
  const live = cfg.live;
  const again = req.method === 'GET' || req.method === 'HEAD';
  const depth = pageDepth(req.url ?? '/');
  let token: string | undefined;
  return {
    tag: () => {
      token = again ? live.backendPages.newToken() : undefined;
      return live.proxiedSnippet(depth, token);
    },
    mark: () => live.proxiedSnippet(depth, undefined),
    keep: (text, status) => {
      if (token !== undefined && live.htmlInPlace) live.backendPages.keep(token, pageKey(req), status, text);
    },
  };
}

/** What a backend's page is remembered by: its URL as the browser asked for it, without a share token. */
export function pageKey(req: IncomingMessage): string {
  return withoutToken(req.url ?? '/');
}

/**
 * The tag for a page rendered from a file (Markdown): like `fileTag`, with the rendered bytes as
 * the source live reload morphs from (its reader renders the file the same way).
 */
export function renderedTag(
  cfg: TagConfig,
  req: IncomingMessage,
  realPath: string,
  source: PageSource,
): Buffer | undefined {
  if (!wanted(cfg, req)) return undefined;
  const fileUrlPath = pageUrlPath(cfg, req, realPath);
  return cfg.live.snippet(fileUrlPath, pageDepth(req.url ?? '/'), cfg.live.served(fileUrlPath, source));
}

/** The tag for a folder's listing: it names the folder (`/docs/`), whose listing live reload morphs as entries come and go. */
export function folderTag(
  cfg: TagConfig,
  req: IncomingMessage,
  segments: readonly string[],
  page: Buffer,
): Buffer | undefined {
  if (!wanted(cfg, req)) return undefined;
  const urlPath = encodePath(segments, true);
  return cfg.live.snippet(
    urlPath,
    pageDepth(req.url ?? '/'),
    cfg.live.served(urlPath, { bytes: page, unsaved: false }),
  );
}
