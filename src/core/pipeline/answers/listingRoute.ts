import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  LISTING_SCRIPT_HASH,
  lookup,
  readListing,
  readPageSource,
  renderListing,
  renderListingJson,
  sortEntries,
  statusForFsError,
  type ContentOverlay,
  type ListingCache,
  type ListingEntry,
  type MountedFolder,
  type PageSource,
  type Placement,
  type RenderedListing,
  type SiteTree,
} from '../../files';
import {
  COMPRESSION_THRESHOLD,
  compressSync,
  evaluatePreconditions,
  injectedEtag,
  insertTag,
  negotiateEncoding,
  parseTarget,
  prefersJson,
  sendBody,
  sendError,
  writeHead,
} from '../../http';
import { TAG_SCRIPT_SOURCES, type LiveReload } from '../../live';
import { keptVariant } from './keptVariants';
import { folderTag } from './liveTag';

/** What answering a folder needs from the configuration. */
export interface ListingConfig {
  realRoot: string;
  tree: SiteTree;
  live?: LiveReload;
  listings?: ListingCache;
  options: { compression: boolean };
}

/**
 * A folder's listing: the HTML page (cached until the folder changes), or for a request that
 * prefers JSON (`Accept: application/json`) the entries as JSON. Both say `Vary: Accept`, and
 * above the compression threshold they are compressed like any text (kept with a cached listing).
 */
export async function sendListing(
  cfg: ListingConfig,
  req: IncomingMessage,
  res: ServerResponse,
  realDir: string,
  segments: string[],
  place: Placement = { realRoot: cfg.realRoot, rest: segments },
): Promise<void> {
  const headOnly = req.method === 'HEAD';
  const json = prefersJson(req.headers.accept);
  // Mount points in this folder are listed as folders; such a listing is not cached (the folder's changes do not cover them).
  const mounts = cfg.tree.mountsIn(segments);
  let listing: RenderedListing | undefined = json || mounts.length ? undefined : cfg.listings?.get(realDir);
  if (!listing) {
    let body: string;
    try {
      const entries = await withMounts(await readListing(realDir, place.realRoot), mounts);
      body = json ? renderListingJson(entries) : renderListing(segments, entries);
    } catch (err) {
      sendError(res, statusForFsError(err), 'The folder could not be read.', headOnly);
      return;
    }
    // The same folder reached through a symlinked path renders other links: keep only direct ones.
    listing =
      !json && !mounts.length && cfg.listings && path.join(place.realRoot, ...place.rest) === realDir
        ? cfg.listings.set(realDir, body)
        : { html: body, etag: `W/"${json ? 'j' : ''}${createHash('sha1').update(body).digest('base64url')}"` };
  }
  // Encoded once per rendering: a cached listing is sent many times.
  const page = (listing.body ??= Buffer.from(listing.html));
  // With live reload the listing names its folder, and is morphed as entries come and go.
  const tag = json ? undefined : folderTag(cfg, req, segments, page);
  const variants = (listing.variants ??= new Map());
  const bytes = tag ? keptVariant(variants, 'identity', tag, () => insertTag(page, tag)) : page;
  const etag = tag ? injectedEtag(listing.etag, tag) : listing.etag;
  const compressible = cfg.options.compression && bytes.length >= COMPRESSION_THRESHOLD;
  const headers: Record<string, string | number> = {
    'Content-Type': json ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8',
    ...(json ? {} : { 'Content-Security-Policy': listingCsp(tag !== undefined) }),
    'Cache-Control': 'no-cache',
    Vary: compressible ? 'Accept, Accept-Encoding' : 'Accept',
    ETag: etag,
  };
  if (
    evaluatePreconditions({ 'if-none-match': req.headers['if-none-match'] }, { etag, lastModifiedMs: 0 }) ===
    'not-modified'
  ) {
    writeHead(res, 304, headers);
    res.end();
    return;
  }
  const encoding = compressible ? negotiateEncoding(req.headers['accept-encoding']) : undefined;
  if (!encoding) {
    sendBody(res, 200, headers, bytes, headOnly);
    return;
  }
  const body = keptVariant(variants, encoding, tag, () => compressSync(encoding, bytes));
  writeHead(res, 200, { ...headers, 'Content-Encoding': encoding, 'Content-Length': body.length });
  if (headOnly) {
    res.end();
    return;
  }
  res.end(body);
}

/** The folder's entries with the mount points in it as folders (a mount hides an entry of its name). */
async function withMounts(entries: ListingEntry[], mounts: readonly MountedFolder[]): Promise<ListingEntry[]> {
  if (mounts.length === 0) return entries;
  const names = mounts.map((m) => m.segments[m.segments.length - 1]);
  const points = await Promise.all(
    mounts.map(async (m, i) => {
      const stats = await fs.promises.stat(m.realDir).catch(() => undefined);
      return stats && { name: names[i], isDirectory: true, size: 0, mtime: stats.mtime };
    }),
  );
  const kept = entries.filter((e) => !names.includes(e.name));
  return sortEntries([...kept, ...points.filter((p): p is ListingEntry => p !== undefined)]);
}

/**
 * What a page at the folder URL `urlPath` shows now, as live reload compares it with what was
 * sent: the folder's index.html, else its listing (when listings are on). Rendered as
 * `sendListing` renders it, byte for byte.
 */
export async function folderPageSource(
  tree: SiteTree,
  urlPath: string,
  overlay: ContentOverlay | undefined,
  listing: boolean,
): Promise<PageSource | undefined> {
  const target = parseTarget(urlPath);
  if (!target.ok) return undefined;
  const place = tree.place(target.segments);
  const folder = await lookup(place.realRoot, place.rest);
  if (folder.kind !== 'directory') return undefined;
  const index = await lookup(place.realRoot, [...place.rest, 'index.html']);
  if (index.kind === 'file') return readPageSource(index.realPath, overlay);
  if (!listing) return undefined;
  try {
    const entries = await withMounts(
      await readListing(folder.realPath, place.realRoot),
      tree.mountsIn(target.segments),
    );
    return { bytes: Buffer.from(renderListing(target.segments, entries)), unsaved: false };
  } catch {
    return undefined;
  }
}

/**
 * A listing runs its own script alone (by hash); with the live tag, the client from this origin
 * and its early hook too, and the event stream and console posts to this origin.
 */
function listingCsp(tagged: boolean): string {
  const scripts = tagged ? `${LISTING_SCRIPT_HASH} ${TAG_SCRIPT_SOURCES}` : LISTING_SCRIPT_HASH;
  return `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${scripts}${tagged ? "; connect-src 'self'" : ''}`;
}
