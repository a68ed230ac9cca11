import type { IncomingMessage, ServerResponse } from 'node:http';
import * as path from 'node:path';
import {
  lookup,
  notFoundHelp,
  rememberMissing,
  renderNotFound,
  serveFile,
  type ContentOverlay,
  type FileCache,
  type MissingMemo,
  type MissingWatch,
  type NotFoundHelp,
  type SiteTree,
} from '../../files';
import { encodePath, sendErrorPage } from '../../http';
import type { LiveReload } from '../../live';
import { errorPageTag } from './liveTag';

/** What answering a 404 needs from the configuration (the handler's config has it all). */
export interface NotFoundConfig {
  options: { notFoundPage: string; compression: boolean; directoryListing: boolean };
  realRoot: string;
  tree: SiteTree;
  live?: LiveReload;
  overlay?: ContentOverlay;
  cache?: FileCache;
  onStreamError: (err: Error, realPath: string) => void;
}

/** The missing target, as the handler parsed it. */
export interface MissingTarget {
  segments: string[];
  trailingSlash: boolean;
}

/**
 * Answers a 404. The site's own page (`notFoundPage`, default 404.html) when the root has one,
 * sent whole with status 404 and live reload; else the built-in page, which names the missing
 * path, links the nearest folder that exists and (with listings on) suggests close names there.
 * A built-in answer may be remembered for the hot path when nothing could change it unheard.
 */
export async function answerNotFound(
  cfg: NotFoundConfig,
  req: IncomingMessage,
  res: ServerResponse,
  target: MissingTarget,
  remember?: { memo: MissingMemo; watch: MissingWatch },
): Promise<void> {
  const headOnly = req.method === 'HEAD';
  if (await answerWithSitePage(cfg, req, res)) return;
  const pageSegments = cfg.options.notFoundPage ? cfg.options.notFoundPage.split('/').filter(Boolean) : [];
  // The nearest folder that exists and close names, in the folder (root or mount) that holds the path.
  const place = cfg.tree.place(target.segments);
  const help = await notFoundHelp(place.realRoot, place.rest, cfg.options.directoryListing);
  const html = Buffer.from(
    renderNotFound(target.segments, target.trailingSlash, place.mount ? shiftedHelp(help, place.mount.segments) : help),
  );
  // Remembered only if a 404 page created later would be heard: its folder must be watched too.
  const pageFolder = path.dirname(path.join(cfg.realRoot, ...pageSegments));
  if (remember && (pageSegments.length === 0 || cfg.cache?.watchesFolder(pageFolder))) {
    rememberMissing(remember.memo, req.url ?? '', remember.watch, html).catch(() => undefined);
  }
  sendErrorPage(res, 404, html, headOnly);
}

/** Answers with the site's own 404 page (status 404, live reload) when the root has one; false when it has none. */
export async function answerWithSitePage(
  cfg: NotFoundConfig,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const pageSegments = cfg.options.notFoundPage ? cfg.options.notFoundPage.split('/').filter(Boolean) : [];
  return answerWithPage(cfg, req, res, pageSegments, 404);
}

/**
 * Answers with the page at `pageSegments` under the root, with `status` and live reload (a site's
 * 404 page, or the page a host's rule names for a status); false when there is no such file.
 */
export async function answerWithPage(
  cfg: NotFoundConfig,
  req: IncomingMessage,
  res: ServerResponse,
  pageSegments: readonly string[],
  status: number,
): Promise<boolean> {
  if (pageSegments.length === 0) return false;
  const page = await lookup(cfg.realRoot, [...pageSegments]);
  if (page.kind !== 'file') return false;
  const inject = errorPageTag(cfg, req, page.realPath);
  await serveFile(req, res, page.realPath, {
    compression: cfg.options.compression,
    onStreamError: cfg.onStreamError,
    overlay: cfg.overlay,
    cache: cfg.cache,
    inject,
    status,
  });
  return true;
}

/** Help found inside a mounted folder, with its paths and links under the mount's prefix. */
function shiftedHelp(help: NotFoundHelp, prefix: readonly string[]): NotFoundHelp {
  const base = encodePath([...prefix], false);
  return {
    nearest: [...prefix, ...help.nearest],
    suggestions: help.suggestions.map((s) => ({ ...s, href: base + s.href })),
  };
}
