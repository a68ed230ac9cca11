import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { DirWatchers } from './dirWatchers';

export interface RenderedListing {
  html: string;
  etag: string;
  /** Compressed copies, made on first request and kept with the listing. */
  variants?: Map<string, Buffer>;
  /** The page's size in bytes, measured once. */
  bytes?: number;
}

/** Listings kept at most; the oldest goes (and its watch ends) past this. */
const MAX_LISTINGS = 100;
/** A name no directory entry can have: stands for "the folder itself" in DirWatchers. */
const SELF = '\0listing';

/**
 * Rendered directory listings, each kept while a watch on its folder vouches that no entry was
 * added, removed or changed. A folder that cannot be watched is rendered afresh every time.
 */
export class ListingCache {
  private readonly listings = new Map<string, RenderedListing>();
  private readonly watchers = new DirWatchers((_file, dir) => this.drop(dir));

  get(realDir: string): RenderedListing | undefined {
    return this.listings.get(realDir);
  }

  /** Keeps a freshly rendered listing; returns it with its ETag. */
  set(realDir: string, html: string): RenderedListing {
    const rendered = { html, etag: `W/"${createHash('sha1').update(html).digest('base64url')}"` };
    if (this.watchers.add(path.join(realDir, SELF))) {
      this.listings.set(realDir, rendered);
      if (this.listings.size > MAX_LISTINGS) this.drop(this.listings.keys().next().value as string);
    }
    return rendered;
  }

  drop(realDir: string): void {
    this.listings.delete(realDir);
    this.watchers.remove(path.join(realDir, SELF));
  }

  close(): void {
    this.watchers.closeAll();
    this.listings.clear();
  }
}
