import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { ChangeFeed, Subscription } from '../changeFeed';

export interface RenderedListing {
  html: string;
  etag: string;
  /** Compressed copies, made on first request and kept with the listing. */
  variants?: Map<string, Buffer>;
  /** The page encoded as UTF-8, once. */
  body?: Buffer;
}

/** Listings kept at most; the oldest goes (and its hold ends) past this. */
const MAX_LISTINGS = 100;

/**
 * Rendered directory listings, each kept while the server's ChangeFeed vouches for its folder: a
 * change the feed reports in the folder (an entry added, removed or written) or to the folder
 * itself drops it. A folder the feed cannot vouch for is rendered afresh every time.
 */
export class ListingCache {
  private readonly listings = new Map<string, RenderedListing>();
  private feed: ChangeFeed | undefined;
  private subscription: Subscription | undefined;

  /** Takes changes from `feed` (undefined: nothing is kept), forgetting every listing. */
  setFeed(feed: ChangeFeed | undefined): void {
    this.close();
    this.feed = feed;
    this.subscription = feed?.onChange((change) => {
      this.drop(change.path);
      this.drop(path.dirname(change.path));
    });
  }

  get(realDir: string): RenderedListing | undefined {
    return this.listings.get(realDir);
  }

  /** Keeps a freshly rendered listing if the feed vouches for its folder; returns it with its ETag. */
  set(realDir: string, html: string): RenderedListing {
    const rendered = { html, etag: `W/"${createHash('sha1').update(html).digest('base64url')}"` };
    if (!this.listings.has(realDir) && this.feed?.hold(realDir)) {
      this.listings.set(realDir, rendered);
      if (this.listings.size > MAX_LISTINGS) this.drop(this.listings.keys().next().value as string);
    }
    return rendered;
  }

  drop(realDir: string): void {
    if (this.listings.delete(realDir)) this.feed?.release(realDir);
  }

  /** Forgets every listing and lets go of the feed. */
  close(): void {
    for (const dir of [...this.listings.keys()]) this.drop(dir);
    this.subscription?.dispose();
    this.subscription = undefined;
    this.feed = undefined;
  }
}
