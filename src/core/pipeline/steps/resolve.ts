import { lookup, watchForMissing, type Lookup } from '../../files';
import { encodePath, sendError, sendRedirect } from '../../http';
import { isMarkdownPath } from '../../markdown';
import { cleanUrl } from '../answers/cleanUrls';
import type { Exchange } from '../exchange';
import { sendListing } from '../answers/listingRoute';
import { answerNotFound } from '../answers/notFoundRoute';
import { hotTarget, routeKey } from './remembered';
import { respondWithMarkdown } from '../answers/markdownRoute';
import { respondWithFile } from '../answers/respondFile';
import { hostMiss } from './hostRules';

/**
 * The last step: looks the decoded target up in the folder (files/fileLookup.ts: joined,
 * contained, symlinks resolved and contained again) and answers it. A folder gets a 301 to its
 * slash form, then its index.html, a listing or a 404; clean URLs try `name.html`; the SPA
 * fallback takes extension-less misses; a miss gets the site's 404 page or the built-in one.
 * Small files the cache takes are remembered for the `remembered` step and the hot path.
 */
export async function resolveFile(x: Exchange): Promise<boolean> {
  const { cfg, req, res, headOnly } = x;
  const target = x.target;
  if (!target?.ok) return false;
  const { segments, trailingSlash, query } = target;
  // Read before the lookup: a watched folder that changes meanwhile clears the memo and bumps it.
  const generation = cfg.routes?.generation ?? 0;
  // The root, or the mounted folder that holds the path: looked up and contained there.
  const place = cfg.tree.place(segments);
  const within = place.rest;
  // A 404 is remembered only under the root, whose folders the change feed covers.
  const missing = trailingSlash || place.mount ? undefined : cfg.missing;
  const missingWatch = missing && watchForMissing(missing, segments);
  let found: Lookup = await lookup(place.realRoot, within);
  if (found.kind === 'file' && trailingSlash) {
    // "/file.txt/" names a folder that does not exist, as on any file system.
    found = { kind: 'error', status: 404, reason: 'Not found.' };
  }
  // Clean URLs take a trailing slash too where the host's `trailingSlash: true` adds one to every page.
  if (cfg.options.cleanUrls && (!trailingSlash || (cfg.hosting?.rules.trailingSlash === true && segments.length > 0))) {
    const clean = await cleanUrl(place.realRoot, within, found, place.mount ? undefined : cfg.options.notFoundPage);
    // A host's rewrite names a file to answer with, never a URL to send the browser to.
    if (clean.redirect !== undefined && !x.rewrites) {
      const prefix = place.mount ? encodePath([...place.mount.segments], false) : '';
      sendRedirect(res, prefix + clean.redirect + query, headOnly);
      return true;
    }
    found = clean.found;
  }
  const direct = found.kind !== 'error';
  // A host's rules for misses (rewrites, Netlify's rules without "!") come before the SPA fallback and the 404.
  if (found.kind === 'error' && found.status === 404 && cfg.hosting && (await hostMiss(x, resolveFile))) return true;
  if (found.kind === 'error' && found.status === 404 && cfg.options.spa && !hasExtension(segments)) {
    found = await lookup(cfg.realRoot, ['index.html']);
  }
  const notFound = { segments, trailingSlash };
  if (found.kind === 'directory') {
    // With the host's `trailingSlash: false`, a folder is served at its path without the slash.
    if (!trailingSlash && cfg.hosting?.rules.trailingSlash !== false) {
      sendRedirect(res, encodePath(segments, true) + query, headOnly);
      return true;
    }
    const index = await lookup(place.realRoot, [...within, 'index.html']);
    if (index.kind === 'file') found = index;
    else if (cfg.options.directoryListing) await sendListing(cfg, req, res, found.realPath, segments, place);
    else await answerNotFound(cfg, req, res, notFound);
    if (index.kind !== 'file') return true;
  }
  if (found.kind === 'error') {
    if (found.status === 404) {
      await answerNotFound(
        cfg,
        req,
        res,
        notFound,
        missing && missingWatch ? { memo: missing, watch: missingWatch } : undefined,
      );
    } else {
      sendError(res, found.status, found.reason, headOnly);
    }
    return true;
  }
  // Markdown is a page for a navigation and text for a script: never remembered for the hot path.
  if (cfg.options.markdown && isMarkdownPath(found.realPath)) {
    await respondWithMarkdown(x, found.realPath);
    return true;
  }
  // Only small files the cache holds are remembered, and never SPA fallbacks: a file created
  // later at that path must win.
  const entry = await cfg.cache?.get(found.realPath);
  if (entry && direct)
    cfg.routes?.remember(routeKey(segments, trailingSlash), hotTarget(cfg, req, entry), entry.realPath, generation);
  await respondWithFile(x, found.realPath, entry);
  return true;
}

function hasExtension(segments: readonly string[]): boolean {
  const last = segments[segments.length - 1] ?? '';
  return last.includes('.');
}
