import type { IncomingHttpHeaders, IncomingMessage, ServerResponse, OutgoingHttpHeaders } from 'node:http';
import { pipeline, Readable } from 'node:stream';
import {
  COMPRESSION_THRESHOLD,
  contentTypeFor,
  createCompressor,
  evaluatePreconditions,
  HtmlInjector,
  insertTag,
  ifRangeAllows,
  injectedEtag,
  isCompressible,
  negotiateEncoding,
  parseRange,
  sendBody,
  sendError,
  weaken,
  writeHead,
  type Validators,
} from '../../http';
import type { CachedFile, FileCache } from '../cache/fileCache';
import { statusForFsError } from '../fileLookup';
import {
  cachedRepresentation,
  openFile,
  overlayRepresentation,
  type ContentOverlay,
  type Representation,
} from './representation';

export interface FileServeSettings {
  compression: boolean;
  onStreamError: (err: Error, realPath: string) => void;
  /** Unsaved editor text, preferred over the disk when present. */
  overlay?: ContentOverlay;
  /** Keeps compressed variants of cached files. */
  cache?: FileCache;
  /** The fresh cache entry for this file, when it is small enough to be held. */
  cached?: CachedFile;
  /** For HTML: the live-reload tag to inject, or undefined. */
  inject?: Buffer;
  /**
   * Another status than 200, for a page that stands for an error (the site's 404.html): sent
   * whole, with no validators, so it is never answered 304 or cut to a range.
   */
  status?: number;
  /** Request headers the answer varies on besides Accept-Encoding (a file that is also shown as a page). */
  vary?: readonly string[];
}

/**
 * Serves one regular file with validators, preconditions, a single byte range or compression,
 * and for HTML the live-reload tag. The body comes from unsaved editor text, the hot-file cache
 * (one write, compressed variants kept) or a stream of the open file, in that order.
 */
export async function serveFile(
  req: IncomingMessage,
  res: ServerResponse,
  realPath: string,
  settings: FileServeSettings,
): Promise<void> {
  const headOnly = req.method === 'HEAD';
  let rep: Representation;
  const unsaved = settings.overlay?.get(realPath);
  try {
    const cached = unsaved ? undefined : settings.cached;
    rep = unsaved
      ? overlayRepresentation(unsaved)
      : cached && settings.cache
        ? cachedRepresentation(cached, settings.cache)
        : await openFile(realPath);
  } catch (err) {
    sendError(res, statusForFsError(err), 'The file could not be read.', headOnly);
    return;
  }

  const type = rep.contentType ?? contentTypeFor(realPath);
  const inject = settings.inject && type.startsWith('text/html') ? settings.inject : undefined;
  // The injected tag makes a different body, and one that changes with the server instance: its
  // ETag names the tag too, and the file's modification time no longer dates it.
  const etag = inject ? injectedEtag(rep.etag, inject) : rep.etag;
  const validators: Validators = { etag, lastModifiedMs: rep.mtimeMs };
  const bodySize = rep.size + (inject?.length ?? 0);
  const compressible = worthCompressing(settings.compression, bodySize, type);
  const headers = fileHeaders(
    type,
    rep.lastModified ?? new Date(rep.mtimeMs).toUTCString(),
    etag,
    !inject,
    compressible,
  );
  if (inject) delete headers['Last-Modified'];
  if (settings.vary?.length)
    headers.Vary = [...settings.vary, ...(headers.Vary ? [headers.Vary as string] : [])].join(', ');

  const errorPage = settings.status !== undefined;
  if (errorPage) {
    delete headers.ETag;
    delete headers['Last-Modified'];
    headers['Accept-Ranges'] = 'none';
  }
  const precondition = errorPage
    ? 'proceed'
    : evaluatePreconditions(inject ? withoutDates(req.headers) : req.headers, validators);
  if (precondition !== 'proceed') {
    if (!rep.bytes) await rep.release();
    if (precondition === 'failed')
      sendError(res, 412, 'The file has changed since the condition was written.', headOnly);
    else {
      const { 'Content-Type': _t, 'Accept-Ranges': _a, ...notModified } = headers;
      writeHead(res, 304, notModified);
      res.end();
    }
    return;
  }

  // Byte ranges of a body with an injected tag would not match the file: send it whole.
  const range =
    !inject && !errorPage && req.headers.range !== undefined && ifRangeAllows(req.headers, validators)
      ? parseRange(req.headers.range, rep.size)
      : { kind: 'none' as const };
  if (range.kind === 'unsatisfiable') {
    await rep.release();
    sendError(res, 416, `The requested range is outside the file (${rep.size} bytes).`, headOnly, {
      'Content-Range': `bytes */${rep.size}`,
    });
    return;
  }

  let status = settings.status ?? 200;
  let start = 0;
  let end = rep.size - 1;
  const encoding =
    range.kind === 'none' && compressible ? negotiateEncoding(req.headers['accept-encoding']) : undefined;
  // A kept variant has a known length: no chunked encoding needed.
  const ready = encoding && !inject ? rep.readyVariant?.(encoding) : undefined;
  const variant =
    ready ?? (encoding && !inject && rep.variant ? await rep.variant(encoding).catch(() => undefined) : undefined);
  if (range.kind === 'range') {
    status = 206;
    ({ start, end } = range);
    headers['Content-Range'] = `bytes ${start}-${end}/${rep.size}`;
    headers['Content-Length'] = end - start + 1;
  } else if (encoding) {
    headers['Content-Encoding'] = encoding;
    if (!errorPage) headers.ETag = weaken(etag);
    if (variant) headers['Content-Length'] = variant.length;
  } else {
    headers['Content-Length'] = bodySize;
  }

  if (headOnly) {
    if (!rep.bytes) await rep.release();
    writeHead(res, status, headers);
    res.end();
    return;
  }
  if (variant || (rep.bytes && !encoding)) {
    const body = variant ?? (inject ? withTag(rep.bytes!, rep.injectAt, inject) : rep.bytes!.subarray(start, end + 1));
    writeHead(res, status, headers);
    res.end(body);
    return;
  }
  if (rep.size === 0 && !inject) {
    await rep.release();
    sendBody(res, status, headers, '', false);
    return;
  }

  writeHead(res, status, headers);
  const streams: Readable[] = [
    rep.bytes
      ? Readable.from([withTag(rep.bytes, rep.injectAt, inject)])
      : rep.size === 0
        ? Readable.from([])
        : rep.open(start, end),
  ];
  if (rep.size === 0 || rep.bytes) await rep.release();
  if (inject && !rep.bytes) streams.push(new HtmlInjector(inject));
  if (encoding) streams.push(createCompressor(encoding, bodySize));
  // pipeline destroys every stream (and so closes the file) when the client goes away.
  pipeline([...streams, res] as unknown as [Readable, NodeJS.WritableStream], (err) => {
    if (err && !isClientAbort(err)) settings.onStreamError(err, realPath);
  });
}

/** The headers of a file's 200 answer before its length and encoding are known. */
export function fileHeaders(
  type: string,
  lastModified: string,
  etag: string,
  rangesAllowed: boolean,
  compressible: boolean,
): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    'Content-Type': type,
    'Last-Modified': lastModified,
    ETag: etag,
    'Accept-Ranges': rangesAllowed ? 'bytes' : 'none',
    // A development server must show edits at once: browsers may store but must revalidate.
    'Cache-Control': 'no-cache',
  };
  if (compressible) headers.Vary = 'Accept-Encoding';
  return headers;
}

/** Whether a body of this size and type is worth compressing, with compression on. */
export function worthCompressing(compression: boolean, size: number, type: string): boolean {
  return compression && size >= COMPRESSION_THRESHOLD && isCompressible(type);
}

/** Conditions on an injected body: only its entity tag can say it is unchanged (no Last-Modified was sent). */
function withoutDates(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return { ...headers, 'if-modified-since': undefined, 'if-unmodified-since': undefined };
}

/** An in-memory body with the live-reload tag at its precomputed point (or found now). */
function withTag(body: Buffer, injectAt: number | undefined, tag: Buffer | undefined): Buffer {
  return tag ? insertTag(body, tag, injectAt) : body;
}

function isClientAbort(err: NodeJS.ErrnoException): boolean {
  return err.code === 'ERR_STREAM_PREMATURE_CLOSE' || err.code === 'ECONNRESET' || err.code === 'EPIPE';
}
