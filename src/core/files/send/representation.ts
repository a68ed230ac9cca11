import * as fs from 'node:fs';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { fileEtag, type Encoding } from '../../http';
import type { CachedFile, FileCache } from '../cache/fileCache';

/** Read size for streaming: large enough for throughput, small enough to keep memory flat. */
const STREAM_CHUNK = 64 * 1024;
/** Big files read in larger chunks: fewer system calls and events per megabyte. */
const BIG_FILE = 8 * 1024 * 1024;
const BIG_CHUNK = 256 * 1024;

/** Unsaved editor text the host wants served instead of the file on disk. */
export interface OverlayDocument {
  content: Buffer;
  /** Editor document version: changes with every edit. */
  version: number;
  /** When the text last changed (ms since epoch), for Last-Modified. */
  modifiedMs: number;
}

/** Supplies unsaved text by absolute real path; the extension implements it, the CLI does not. */
export interface ContentOverlay {
  get(realPath: string): OverlayDocument | undefined;
}

/**
 * The bytes to send for one request, with the validators that describe exactly those bytes.
 * `open` may be called once; `release` frees what `open` did not take over.
 */
export interface Representation {
  size: number;
  mtimeMs: number;
  etag: string;
  /** The whole body, when it is in memory: sent with one write instead of a stream. */
  bytes?: Buffer;
  /** Precomputed header values, when known. */
  lastModified?: string;
  contentType?: string;
  /** For HTML in memory: where the live-reload tag goes. */
  injectAt?: number;
  /** A ready (or once-made) compressed body, when the representation can keep one. */
  variant?(encoding: Encoding): Promise<Buffer>;
  /** The compressed body if it is already made (no waiting). */
  readyVariant?(encoding: Encoding): Buffer | undefined;
  open(start: number, end: number): Readable;
  release(): Promise<void>;
}

const openFd = promisify(fs.open);
const fstat = promisify(fs.fstat);
const closeFd = promisify(fs.close);

/**
 * Opens the file and derives everything from the open descriptor's stat, so the headers describe
 * exactly the bytes that are streamed, even if the file is replaced meanwhile. A plain numeric
 * descriptor with fs.createReadStream reads with callbacks, which streams about twice as fast as
 * a FileHandle stream built on promises.
 */
export async function openFile(realPath: string): Promise<Representation> {
  const fd = await openFd(realPath, 'r');
  let stats: fs.Stats;
  try {
    stats = await fstat(fd);
  } catch (err) {
    await closeFd(fd);
    throw err;
  }
  let taken = false;
  return {
    size: stats.size,
    mtimeMs: stats.mtimeMs,
    etag: fileEtag(stats.size, stats.mtimeMs),
    open(start, end) {
      taken = true;
      // The stream closes the descriptor when it ends or is destroyed.
      const chunk = end - start >= BIG_FILE ? BIG_CHUNK : STREAM_CHUNK;
      return fs.createReadStream('', { fd, start, end, highWaterMark: chunk, autoClose: true });
    },
    release: () => (taken ? Promise.resolve() : closeFd(fd)),
  };
}

/** The ETag of unsaved text: it comes from the document version. */
export function overlayEtag(doc: OverlayDocument): string {
  return `"v${doc.version}-${doc.content.length.toString(16)}"`;
}

/** Unsaved text as a representation. */
export function overlayRepresentation(doc: OverlayDocument): Representation {
  return {
    size: doc.content.length,
    mtimeMs: doc.modifiedMs,
    etag: overlayEtag(doc),
    bytes: doc.content,
    open: (start, end) => Readable.from([doc.content.subarray(start, end + 1)]),
    release: () => Promise.resolve(),
  };
}

/** A file from the hot-file cache: bytes in memory, compressed variants kept beside them. */
export function cachedRepresentation(entry: CachedFile, cache: FileCache): Representation {
  return {
    size: entry.size,
    mtimeMs: entry.mtimeMs,
    etag: entry.etag,
    bytes: entry.body,
    lastModified: entry.lastModified,
    contentType: entry.contentType,
    injectAt: entry.injectAt,
    variant: (encoding) => cache.variant(entry, encoding),
    readyVariant: (encoding) => entry.variants.get(encoding),
    open: (start, end) => Readable.from([entry.body.subarray(start, end + 1)]),
    release: () => Promise.resolve(),
  };
}
