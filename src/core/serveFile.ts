import type { IncomingMessage, ServerResponse, OutgoingHttpHeaders } from 'node:http';
import { pipeline, Readable } from 'node:stream';
import mime from 'mime';
import { evaluatePreconditions, ifRangeAllows, weaken, type Validators } from './conditional';
import { COMPRESSION_THRESHOLD, createCompressor, isCompressible, negotiateEncoding } from './compression';
import { statusForFsError } from './fileLookup';
import { HtmlInjector } from './htmlInject';
import { parseRange } from './range';
import { openFile, overlayRepresentation, type ContentOverlay, type Representation } from './representation';
import { countStream, sendBody, sendError, writeHead } from './respond';

export interface FileServeSettings {
  compression: boolean;
  onStreamError: (err: Error, realPath: string) => void;
  /** Unsaved editor text, preferred over the disk when present. */
  overlay?: ContentOverlay;
  /** For HTML: the live-reload tag to inject, or undefined. */
  inject?: Buffer;
}

/** The Content-Type for a file name, with a charset for text. */
export function contentTypeFor(filePath: string): string {
  const type = mime.getType(filePath) ?? 'application/octet-stream';
  return isTextual(type) ? `${type}; charset=utf-8` : type;
}

function isTextual(type: string): boolean {
  return type.startsWith('text/') || /^application\/(?:json|javascript|xml|xhtml\+xml|manifest\+json|ld\+json)$/.test(type) || type === 'image/svg+xml';
}

/**
 * Serves one regular file (or its unsaved editor text) with validators, preconditions, a single
 * byte range or on-the-fly compression, and for HTML the live-reload tag.
 */
export async function serveFile(req: IncomingMessage, res: ServerResponse, realPath: string, settings: FileServeSettings): Promise<void> {
  const headOnly = req.method === 'HEAD';
  let rep: Representation;
  const unsaved = settings.overlay?.get(realPath);
  try {
    rep = unsaved ? overlayRepresentation(unsaved) : await openFile(realPath);
  } catch (err) {
    sendError(res, statusForFsError(err), 'The file could not be read.', headOnly);
    return;
  }

  const type = contentTypeFor(realPath);
  const inject = settings.inject && type.startsWith('text/html') ? settings.inject : undefined;
  // The injected tag makes a different body: its tag must differ from the plain file's.
  const etag = inject ? rep.etag.replace(/"$/, `-l${inject.length.toString(16)}"`) : rep.etag;
  const validators: Validators = { etag, lastModifiedMs: rep.mtimeMs };
  const bodySize = rep.size + (inject?.length ?? 0);
  const compressible = settings.compression && bodySize >= COMPRESSION_THRESHOLD && isCompressible(type);
  const headers: OutgoingHttpHeaders = {
    'Content-Type': type,
    'Last-Modified': new Date(rep.mtimeMs).toUTCString(),
    ETag: etag,
    'Accept-Ranges': inject ? 'none' : 'bytes',
    // A development server must show edits at once: browsers may store but must revalidate.
    'Cache-Control': 'no-cache',
  };
  if (compressible) headers.Vary = 'Accept-Encoding';

  const precondition = evaluatePreconditions(req.headers, validators);
  if (precondition !== 'proceed') {
    await rep.release();
    if (precondition === 'failed') sendError(res, 412, 'The file has changed since the condition was written.', headOnly);
    else {
      const { 'Content-Type': _t, 'Accept-Ranges': _a, ...notModified } = headers;
      writeHead(res, 304, notModified);
      res.end();
    }
    return;
  }

  // Byte ranges of a body with an injected tag would not match the file: send it whole.
  const range = !inject && req.headers.range !== undefined && ifRangeAllows(req.headers, validators)
    ? parseRange(req.headers.range, rep.size)
    : { kind: 'none' as const };
  if (range.kind === 'unsatisfiable') {
    await rep.release();
    sendError(res, 416, `The requested range is outside the file (${rep.size} bytes).`, headOnly, { 'Content-Range': `bytes */${rep.size}` });
    return;
  }

  let status = 200;
  let start = 0;
  let end = rep.size - 1;
  const encoding = range.kind === 'none' && compressible ? negotiateEncoding(req.headers['accept-encoding']) : undefined;
  if (range.kind === 'range') {
    status = 206;
    ({ start, end } = range);
    headers['Content-Range'] = `bytes ${start}-${end}/${rep.size}`;
    headers['Content-Length'] = end - start + 1;
  } else if (encoding) {
    headers['Content-Encoding'] = encoding;
    headers.ETag = weaken(etag);
  } else {
    headers['Content-Length'] = bodySize;
  }

  if (headOnly || (rep.size === 0 && !inject)) {
    await rep.release();
    if (headOnly) {
      writeHead(res, status, headers);
      res.end();
    } else {
      sendBody(res, status, headers, '', false);
    }
    return;
  }

  writeHead(res, status, headers);
  const streams: Readable[] = [rep.size === 0 ? emptyStream() : rep.open(start, end)];
  if (rep.size === 0) await rep.release();
  if (inject) streams.push(new HtmlInjector(inject));
  if (encoding) streams.push(createCompressor(encoding, bodySize));
  countStream(res, streams[streams.length - 1]);
  // pipeline destroys every stream (and so closes the file) when the client goes away.
  pipeline([...streams, res] as unknown as [Readable, NodeJS.WritableStream], (err) => {
    if (err && !isClientAbort(err)) settings.onStreamError(err, realPath);
  });
}

function emptyStream(): Readable {
  return Readable.from([]);
}

function isClientAbort(err: NodeJS.ErrnoException): boolean {
  return err.code === 'ERR_STREAM_PREMATURE_CLOSE' || err.code === 'ECONNRESET' || err.code === 'EPIPE';
}
