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

/** Headers every response carries, whatever its status: user headers, CORS, nosniff. */
export function applyBaseHeaders(res: ServerResponse, base: readonly (readonly [string, string])[]): void {
  for (const [name, value] of base) res.setHeader(name, value);
}

/** Sends a complete in-memory body (or only its headers, for HEAD). */
export function sendBody(res: ServerResponse, status: number, headers: OutgoingHttpHeaders, body: string | Buffer, headOnly: boolean): void {
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { ...headers, 'Content-Length': buf.length });
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
