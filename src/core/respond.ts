import type { ServerResponse, OutgoingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { renderErrorPage } from './errorPage';
import { PAGE_CSP } from './html';

/** Body bytes written per response, read by the access log when the response closes. */
const bodyBytes = new WeakMap<ServerResponse, number>();

export function bytesSent(res: ServerResponse): number {
  return bodyBytes.get(res) ?? 0;
}

/** Counts the bytes of a stream that is (about to be) piped into `res`. */
export function countStream(res: ServerResponse, stream: Readable): void {
  bodyBytes.set(res, 0);
  stream.on('data', (chunk: Buffer) => bodyBytes.set(res, (bodyBytes.get(res) ?? 0) + chunk.length));
}

/** Headers every response carries, kept per response so they are applied last and win. */
const baseHeadersOf = new WeakMap<ServerResponse, readonly (readonly [string, string])[]>();

/** Marks `res` to carry `base` (user headers, CORS, nosniff) whatever its status. */
export function applyBaseHeaders(res: ServerResponse, base: readonly (readonly [string, string])[]): void {
  baseHeadersOf.set(res, base);
}

/**
 * writeHead with the base headers merged last: a header the user configured replaces the
 * server's own default (say, Cache-Control), as the user asked for.
 */
export function writeHead(res: ServerResponse, status: number, headers: OutgoingHttpHeaders): void {
  const merged: OutgoingHttpHeaders = { ...headers };
  for (const [name, value] of baseHeadersOf.get(res) ?? []) {
    for (const key of Object.keys(merged)) if (key.toLowerCase() === name.toLowerCase()) delete merged[key];
    merged[name] = value;
  }
  res.writeHead(status, merged);
}

/** Sends a complete in-memory body (or only its headers, for HEAD). */
export function sendBody(res: ServerResponse, status: number, headers: OutgoingHttpHeaders, body: string | Buffer, headOnly: boolean): void {
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  writeHead(res, status, { ...headers, 'Content-Length': buf.length });
  if (headOnly) {
    res.end();
    return;
  }
  bodyBytes.set(res, buf.length);
  res.end(buf);
}

/** A small escaped HTML error page, with a CSP that allows no scripts. */
export function sendError(res: ServerResponse, status: number, detail: string, headOnly: boolean, extra: OutgoingHttpHeaders = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendBody(res, status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': PAGE_CSP,
    'Cache-Control': 'no-store',
    ...extra,
  }, renderErrorPage(status, detail), headOnly);
}

export function sendRedirect(res: ServerResponse, location: string, headOnly: boolean): void {
  sendError(res, 301, `This page has moved to ${location}`, headOnly, { Location: location });
}
