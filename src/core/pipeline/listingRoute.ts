import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  readListing, renderListing, renderListingJson, sortEntries, statusForFsError, type ListingCache, type ListingEntry, type MountedFolder, type Placement,
  type RenderedListing, type SiteTree,
} from '../files';
import {
  COMPRESSION_THRESHOLD, compressSync, evaluatePreconditions, negotiateEncoding, PAGE_CSP, prefersJson, sendBody, sendError, writeHead,
} from '../http';

/** What answering a folder needs from the configuration. */
export interface ListingConfig {
  realRoot: string;
  tree: SiteTree;
  listings?: ListingCache;
  options: { compression: boolean };
}

/**
 * A folder's listing: the HTML page (cached until the folder changes), or for a request that
 * prefers JSON (`Accept: application/json`) the entries as JSON. Both say `Vary: Accept`, and
 * above the compression threshold they are compressed like any text (kept with a cached listing).
 */
export async function sendListing(cfg: ListingConfig, req: IncomingMessage, res: ServerResponse, realDir: string, segments: string[],
  place: Placement = { realRoot: cfg.realRoot, rest: segments }): Promise<void> {
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
    listing = !json && !mounts.length && cfg.listings && path.join(place.realRoot, ...place.rest) === realDir
      ? cfg.listings.set(realDir, body)
      : { html: body, etag: `W/"${json ? 'j' : ''}${createHash('sha1').update(body).digest('base64url')}"` };
  }
  // Encoded once per rendering: a cached listing is sent many times.
  const bytes = listing.body ??= Buffer.from(listing.html);
  const compressible = cfg.options.compression && bytes.length >= COMPRESSION_THRESHOLD;
  const headers: Record<string, string | number> = {
    'Content-Type': json ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8',
    ...(json ? {} : { 'Content-Security-Policy': PAGE_CSP }),
    'Cache-Control': 'no-cache',
    Vary: compressible ? 'Accept, Accept-Encoding' : 'Accept',
    ETag: listing.etag,
  };
  if (evaluatePreconditions({ 'if-none-match': req.headers['if-none-match'] }, { etag: listing.etag, lastModifiedMs: 0 }) === 'not-modified') {
    writeHead(res, 304, headers);
    res.end();
    return;
  }
  const encoding = compressible ? negotiateEncoding(req.headers['accept-encoding']) : undefined;
  if (!encoding) {
    sendBody(res, 200, headers, bytes, headOnly);
    return;
  }
  listing.variants ??= new Map();
  let body = listing.variants.get(encoding);
  if (!body) {
    body = compressSync(encoding, bytes);
    listing.variants.set(encoding, body);
  }
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
  const points = await Promise.all(mounts.map(async (m, i) => {
    const stats = await fs.promises.stat(m.realDir).catch(() => undefined);
    return stats && { name: names[i], isDirectory: true, size: 0, mtime: stats.mtime };
  }));
  const kept = entries.filter((e) => !names.includes(e.name));
  return sortEntries([...kept, ...points.filter((p): p is ListingEntry => p !== undefined)]);
}
