import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import * as zlib from 'node:zlib';

/**
 * A backend's HTML as text, to remember what a page was built from and to fetch it again for a
 * morph (live/changes/backendPages.ts decides). Held whole, so both are bounded in size and time.
 */

/** The most of one page kept; a larger page is not remembered (a change to it reloads). */
export const MAX_CAPTURED_BYTES = 4 * 1024 * 1024;

/** Decoders for the encodings a backend may compress HTML with. */
export const DECODERS: Record<string, () => Transform> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

/** The decoder for an answer's Content-Encoding: undefined for none, null for one it cannot read. */
export function decoderFor(
  headers: OutgoingHttpHeaders | IncomingMessage['headers'],
): (() => Transform) | undefined | null {
  const encoding = String(headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (encoding === 'identity' || encoding === '') return undefined;
  return DECODERS[encoding] ?? null;
}

/**
 * An HTML page's bytes as text, in the encoding a browser would use: the Content-Type's charset,
 * else a byte-order mark, else a `<meta charset>` in the first 1024 bytes, else UTF-8 when the
 * bytes are valid UTF-8 and windows-1252 when not (what browsers fall back to). Undefined for a
 * charset this runtime cannot decode.
 */
export function decodeHtml(bytes: Buffer, contentType: string): string | undefined {
  const label = charsetOf(contentType) ?? bomCharset(bytes) ?? metaCharset(bytes);
  try {
    if (label) return new TextDecoder(label).decode(bytes);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return new TextDecoder('windows-1252').decode(bytes);
    }
  } catch {
    return undefined;
  }
}

function charsetOf(contentType: string): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
}

function bomCharset(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

function metaCharset(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 1024).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1];
}

/**
 * Passes bytes through untouched and keeps a copy, up to MAX_CAPTURED_BYTES; `done` gets the
 * copy at the end (undefined when the page was larger, or ended in an error).
 */
export class Tee extends Transform {
  private chunks: Buffer[] = [];
  private size = 0;
  private over = false;

  constructor(private readonly done: (bytes: Buffer | undefined) => void) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    if (!this.over) {
      this.size += chunk.length;
      if (this.size > MAX_CAPTURED_BYTES) {
        this.over = true;
        this.chunks = [];
      } else {
        this.chunks.push(chunk);
      }
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.done(this.over ? undefined : Buffer.concat(this.chunks));
    callback();
  }
}

/** A backend's answer, read whole: the page as text, or why it could not be. */
export interface CollectedAnswer {
  status: number;
  contentType: string;
  /** Where a redirect points. */
  location?: string;
  /** The body as text (HTML decoded by its charset); absent with `problem`. */
  text?: string;
  /** Why the body could not be read: too large, never ending, cut off, an unknown encoding. */
  problem?: string;
}

/**
 * Reads a backend's answer whole, decompressed and decoded, bounded in size and in time (`withinMs`,
 * the rule's timeout): a huge or never-ending answer becomes a `problem`, and the backend request
 * is ended. Calls `done` once.
 */
export function collectAnswer(
  backend: IncomingMessage,
  status: number,
  withinMs: number,
  done: (answer: CollectedAnswer) => void,
): void {
  const contentType = String(backend.headers['content-type'] ?? '');
  let called = false;
  const finish = (answer: Omit<CollectedAnswer, 'status' | 'contentType'>) => {
    if (called) return;
    called = true;
    clearTimeout(timer);
    done({ status, contentType, ...answer });
  };
  const timer = setTimeout(() => {
    finish({ problem: `the answer did not end within ${withinMs / 1000} s` });
    backend.destroy();
  }, withinMs);
  const location = backend.headers.location;
  if (status >= 300 && status < 400) {
    backend.resume();
    finish({ location: typeof location === 'string' ? location : undefined });
    return;
  }
  const decoder = decoderFor(backend.headers);
  if (decoder === null) {
    backend.resume();
    finish({
      problem: `its Content-Encoding "${String(backend.headers['content-encoding'])}" is not one Ferrox reads`,
    });
    return;
  }
  const source: NodeJS.ReadableStream = decoder ? backend.pipe(decoder()) : backend;
  const chunks: Buffer[] = [];
  let size = 0;
  source.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_CAPTURED_BYTES) {
      finish({ problem: `the answer is larger than ${MAX_CAPTURED_BYTES / 1024 / 1024} MB` });
      backend.destroy();
      return;
    }
    chunks.push(chunk);
  });
  source.on('end', () => {
    const bytes = Buffer.concat(chunks);
    const text = /^\s*text\/html\b/i.test(contentType) ? decodeHtml(bytes, contentType) : bytes.toString('utf8');
    finish(text === undefined ? { problem: `its charset (${contentType}) is not one Ferrox can decode` } : { text });
  });
  if (source !== backend) source.on('error', () => finish({ problem: 'the answer could not be decompressed' }));
  const cut = () => finish({ problem: 'the backend closed the connection mid-answer' });
  backend.on('error', cut);
  backend.on('close', () => {
    if (!backend.complete) cut();
  });
}
