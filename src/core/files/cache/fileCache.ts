import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { contentTypeFor, fileEtag, findInjectionPoint, type Encoding } from '../../http';
import type { ChangeFeed, Subscription } from '../changeFeed';
import { isInside } from '../fileLookup';

/** A small file held in memory, with what every response for it needs precomputed. */
export interface CachedFile {
  realPath: string;
  size: number;
  mtimeMs: number;
  ino: number;
  etag: string;
  lastModified: string;
  contentType: string;
  body: Buffer;
  /** For HTML: where the live-reload tag goes (computed once). */
  injectAt: number | undefined;
  /** Compressed bodies, made once on first demand. */
  variants: Map<Encoding, Buffer>;
  /** When a stat last confirmed the entry (ms, monotonic). */
  checkedAt: number;
  /** A stat in flight: concurrent requests share it instead of each making one. */
  checking?: Promise<boolean>;
}

export interface FileCacheLimits {
  /** Files larger than this are streamed, never held. */
  maxFileBytes: number;
  /** All bodies and variants together; least recently used entries go first. */
  maxTotalBytes: number;
  /**
   * A safety net for files the feed vouches for: re-checked with a stat in the background at most
   * this often, in case a file system drops watch events. Other files are re-checked on every request.
   */
  revalidateMs: number;
}

export const DEFAULT_CACHE_LIMITS: FileCacheLimits = {
  maxFileBytes: 256 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
  revalidateMs: 1000,
};

/**
 * Hot-file cache: stat results, precomputed validators and the bytes of small files, with
 * compressed variants, evicted least-recently-used.
 *
 * Freshness: the cache holds the folder of every cached file in the server's ChangeFeed, and a
 * change the feed reports drops the entry at once; entries in folders the feed vouches for are
 * served without any system call. Where the feed cannot vouch, every request re-checks the file
 * with one stat, shared by concurrent requests. Callers serve a peeked entry from a later phase of
 * the event loop (setImmediate), after the events that arrived with the request have been
 * handled, so a file written before a request was sent is never served stale.
 */
export class FileCache {
  private readonly entries = new Map<string, CachedFile>();
  private totalBytes = 0;
  private newest: CachedFile | undefined;
  private feed: ChangeFeed | undefined;
  private subscription: Subscription | undefined;
  /** Folders held in the feed, with the cached files that need them. */
  private readonly held = new Map<string, Set<string>>();
  /** Every file the feed vouches for: one lookup per request instead of dirname and two. */
  private readonly vouched = new Set<string>();

  constructor(private limits: FileCacheLimits = DEFAULT_CACHE_LIMITS) {}

  /** Takes changes from `feed` (undefined: none, every entry re-checked), forgetting what the last one vouched for. */
  setFeed(feed: ChangeFeed | undefined): void {
    this.clear();
    this.subscription?.dispose();
    this.feed = feed;
    this.subscription = feed?.onChange((change) => this.invalidate(change.path));
  }

  /** True while the feed would report a file appearing in `dir` in time. */
  watchesFolder(dir: string): boolean {
    return this.feed?.covers(dir) ?? false;
  }

  /**
   * The entry, if it can be served without touching the disk: its folder is watched. Starts a
   * background re-check when the safety-net interval has passed.
   */
  peek(realPath: string): CachedFile | undefined {
    const entry = this.entries.get(realPath);
    if (!entry || !this.vouched.has(realPath)) return undefined;
    if (performance.now() - entry.checkedAt >= this.limits.revalidateMs && !entry.checking) {
      void this.confirm(entry).then((ok) => {
        if (!ok) this.invalidate(realPath);
      });
    }
    return this.touch(entry);
  }

  /** Lets go of the feed and forgets every entry. */
  close(): void {
    this.setFeed(undefined);
  }

  setLimits(limits: FileCacheLimits): void {
    this.limits = limits;
    this.shrink();
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /** A fresh entry for `realPath`, loading it if needed; undefined when the file is too large or gone. */
  async get(realPath: string): Promise<CachedFile | undefined> {
    const peeked = this.peek(realPath);
    if (peeked) return peeked;
    const entry = this.entries.get(realPath);
    if (entry) {
      if (await this.confirm(entry)) return this.touch(entry);
      this.invalidate(realPath);
    }
    return this.load(realPath);
  }

  /**
   * Least recently used goes first: re-inserting keeps Map order as recency order. Re-inserting
   * the entry that is already the newest would only churn the Map's table, so it is skipped.
   */
  private touch(entry: CachedFile): CachedFile {
    if (entry !== this.newest && this.entries.get(entry.realPath) === entry) {
      this.newest = entry;
      this.entries.delete(entry.realPath);
      this.entries.set(entry.realPath, entry);
    }
    return entry;
  }

  /** Drops one path, or every vouched entry under it when it is a folder that changed. */
  invalidate(filePath: string): void {
    if (this.entries.has(filePath)) {
      this.evict(filePath);
      return;
    }
    // Only held folders can hide entries that are served unchecked; others are stat-checked anyway.
    for (const [dir, files] of [...this.held]) {
      if (isInside(filePath, dir)) for (const file of [...files]) this.evict(file);
    }
  }

  clear(): void {
    for (const key of [...this.entries.keys()]) this.evict(key);
  }

  private evict(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    if (entry === this.newest) this.newest = undefined;
    this.totalBytes -= weight(entry);
    this.unhold(key);
  }

  /** Holds `file`'s folder in the feed; false when the feed cannot vouch for it. */
  private holdFor(file: string): boolean {
    const dir = path.dirname(file);
    let files = this.held.get(dir);
    if (!files) {
      if (!this.feed?.hold(dir)) return false;
      files = new Set();
      this.held.set(dir, files);
    }
    files.add(file);
    this.vouched.add(file);
    return true;
  }

  private unhold(file: string): void {
    if (!this.vouched.delete(file)) return;
    const dir = path.dirname(file);
    const files = this.held.get(dir);
    if (!files) return;
    files.delete(file);
    if (files.size > 0) return;
    this.held.delete(dir);
    this.feed?.release(dir);
  }

  /** The compressed body, made (asynchronously, once) on first demand. */
  async variant(entry: CachedFile, encoding: Encoding): Promise<Buffer> {
    const ready = entry.variants.get(encoding);
    if (ready) return ready;
    const compressed = await compress(entry.body, encoding);
    if (this.entries.get(entry.realPath) === entry && !entry.variants.has(encoding)) {
      entry.variants.set(encoding, compressed);
      this.totalBytes += compressed.length;
      this.shrink();
    }
    return compressed;
  }

  /** Re-checks an entry with one stat; concurrent callers share the one in flight. */
  private confirm(entry: CachedFile): Promise<boolean> {
    entry.checking ??= fs.promises
      .stat(entry.realPath)
      .then(
        (st) => st.isFile() && st.size === entry.size && st.mtimeMs === entry.mtimeMs && st.ino === entry.ino,
        () => false, // gone or unreadable: the slow path will say which
      )
      .then((ok) => {
        entry.checking = undefined;
        if (ok) entry.checkedAt = performance.now();
        return ok;
      });
    return entry.checking;
  }

  private async load(realPath: string): Promise<CachedFile | undefined> {
    const checkedAt = performance.now();
    let handle: fs.promises.FileHandle | undefined;
    // Hold first: a change after this point drops the entry; one before it is in what we read.
    const watched = this.holdFor(realPath);
    let entry: CachedFile | undefined;
    try {
      handle = await fs.promises.open(realPath, 'r');
      const st = await handle.stat();
      if (!st.isFile() || st.size > this.limits.maxFileBytes) return undefined;
      const body = await handle.readFile();
      // A file caught mid-write is served from disk this time and cached once it is whole.
      if (body.length !== st.size) return undefined;
      const contentType = contentTypeFor(realPath);
      entry = {
        realPath,
        size: st.size,
        mtimeMs: st.mtimeMs,
        ino: st.ino,
        etag: fileEtag(st.size, st.mtimeMs),
        lastModified: st.mtime.toUTCString(),
        contentType,
        body,
        injectAt: contentType.startsWith('text/html') ? (findInjectionPoint(body) ?? body.length) : undefined,
        variants: new Map(),
        checkedAt,
      };
      const previous = this.entries.get(realPath);
      if (previous) {
        this.entries.delete(realPath);
        this.totalBytes -= weight(previous);
      }
      this.entries.set(realPath, entry);
      this.newest = entry;
      this.totalBytes += weight(entry);
      this.shrink();
      return entry;
    } catch {
      return undefined;
    } finally {
      if (watched && this.entries.get(realPath) !== entry) this.unhold(realPath);
      await handle?.close().catch(() => undefined);
    }
  }

  private shrink(): void {
    for (const key of this.entries.keys()) {
      if (this.totalBytes <= this.limits.maxTotalBytes) break;
      this.evict(key);
    }
  }
}

function weight(e: CachedFile): number {
  let n = e.body.length;
  for (const v of e.variants.values()) n += v.length;
  return n;
}

function compress(body: Buffer, encoding: Encoding): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, out: Buffer) => (err ? reject(err) : resolve(out));
    // Made once per file version, so spend more effort than on the fly.
    if (encoding === 'br') {
      zlib.brotliCompress(
        body,
        { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } },
        done,
      );
    } else {
      zlib.gzip(body, { level: 9 }, done);
    }
  });
}
