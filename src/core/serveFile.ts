import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse, OutgoingHttpHeaders } from 'node:http';
import { pipeline, type Readable } from 'node:stream';
import mime from 'mime';
import { evaluatePreconditions, fileEtag, ifRangeAllows, weaken, type Validators } from './conditional';
import { COMPRESSION_THRESHOLD, createCompressor, isCompressible, negotiateEncoding } from './compression';
import { parseRange } from './range';
import { countStream, sendBody, sendError, writeHead } from './respond';
import { statusForFsError } from './fileLookup';

/** Read size for streaming: large enough for throughput, small enough to keep memory flat. */
const STREAM_CHUNK = 64 * 1024;

export interface FileServeSettings {
  compression: boolean;
  onStreamError: (err: Error, realPath: string) => void;
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
 * Serves one regular file with validators, preconditions, a single byte range or on-the-fly
 * compression. The file is opened first and everything is derived from that open handle's stat,
 * so the headers describe exactly the bytes that are streamed.
 */
export async function serveFile(req: IncomingMessage, res: ServerResponse, realPath: string, settings: FileServeSettings): Promise<void> {
  const headOnly = req.method === 'HEAD';
  let handle: fs.promises.FileHandle;
  let stats: fs.Stats;
  try {
    handle = await fs.promises.open(realPath, 'r');
  } catch (err) {
    sendError(res, statusForFsError(err), 'The file could not be opened.', headOnly);
    return;
  }
  try {
    stats = await handle.stat();
  } catch (err) {
    await handle.close();
    sendError(res, statusForFsError(err), 'The file could not be read.', headOnly);
    return;
  }

  const size = stats.size;
  const type = contentTypeFor(realPath);
  const validators: Validators = { etag: fileEtag(size, stats.mtimeMs), lastModifiedMs: stats.mtimeMs };
  const compressible = settings.compression && size >= COMPRESSION_THRESHOLD && isCompressible(type);
  const headers: OutgoingHttpHeaders = {
    'Content-Type': type,
    'Last-Modified': stats.mtime.toUTCString(),
    ETag: validators.etag,
    'Accept-Ranges': 'bytes',
    // A development server must show edits at once: browsers may store but must revalidate.
    'Cache-Control': 'no-cache',
  };
  if (compressible) headers.Vary = 'Accept-Encoding';

  const precondition = evaluatePreconditions(req.headers, validators);
  if (precondition !== 'proceed') {
    await handle.close();
    if (precondition === 'failed') sendError(res, 412, 'The file has changed since the condition was written.', headOnly);
    else {
      const { 'Content-Type': _t, 'Accept-Ranges': _a, ...notModified } = headers;
      writeHead(res, 304, notModified);
      res.end();
    }
    return;
  }

  const range = req.headers.range !== undefined && ifRangeAllows(req.headers, validators)
    ? parseRange(req.headers.range, size)
    : { kind: 'none' as const };
  if (range.kind === 'unsatisfiable') {
    await handle.close();
    sendError(res, 416, `The requested range is outside the file (${size} bytes).`, headOnly, { 'Content-Range': `bytes */${size}` });
    return;
  }

  let status = 200;
  let start = 0;
  let end = size - 1;
  const encoding = range.kind === 'none' && compressible ? negotiateEncoding(req.headers['accept-encoding']) : undefined;
  if (range.kind === 'range') {
    status = 206;
    ({ start, end } = range);
    headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
    headers['Content-Length'] = end - start + 1;
  } else if (encoding) {
    headers['Content-Encoding'] = encoding;
    headers.ETag = weaken(validators.etag);
  } else {
    headers['Content-Length'] = size;
  }

  if (headOnly || size === 0) {
    await handle.close();
    if (size === 0 && !headOnly) {
      sendBody(res, status, headers, '', false);
      return;
    }
    writeHead(res, status, headers);
    res.end();
    return;
  }

  writeHead(res, status, headers);
  const source = handle.createReadStream({ start, end, highWaterMark: STREAM_CHUNK });
  const streams: Readable[] = [source];
  if (encoding) streams.push(createCompressor(encoding, size));
  countStream(res, streams[streams.length - 1]);
  // pipeline destroys every stream (and so closes the file) when the client goes away.
  pipeline([...streams, res] as unknown as [Readable, NodeJS.WritableStream], (err) => {
    if (err && !isClientAbort(err)) settings.onStreamError(err, realPath);
  });
}

function isClientAbort(err: NodeJS.ErrnoException): boolean {
  return err.code === 'ERR_STREAM_PREMATURE_CLOSE' || err.code === 'ECONNRESET' || err.code === 'EPIPE';
}
