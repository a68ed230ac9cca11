import type { IncomingMessage, ServerResponse, OutgoingHttpHeaders } from 'node:http';
import { renderErrorPage } from './errorPage';
import { PAGE_CSP } from './html';

// The base headers ride on the response in a symbol-keyed property, not a WeakMap: a WeakMap
// entry per response costs the garbage collector far more than a property does.
const BASE_HEADERS = Symbol('ferrox.baseHeaders');
type Tagged = ServerResponse & { [BASE_HEADERS]?: BaseHeaders };

/** Headers every response carries (nosniff, CORS, the user's), prepared once per configuration. */
export interface BaseHeaders {
  pairs: readonly (readonly [string, string])[];
  /** Their names in lower case, to drop a server default the user replaced. */
  lowerNames: ReadonlySet<string>;
}

export function baseHeaders(pairs: readonly (readonly [string, string])[]): BaseHeaders {
  return { pairs, lowerNames: new Set(pairs.map(([name]) => name.toLowerCase())) };
}

/** Marks `res` to carry `base` (user headers, CORS, nosniff) whatever its status. */
export function applyBaseHeaders(res: ServerResponse, base: BaseHeaders): void {
  (res as Tagged)[BASE_HEADERS] = base;
}

/**
 * writeHead with the base headers merged last: a header the user configured replaces the
 * server's own default (say, Cache-Control), as the user asked for. The merged object is built
 * by copying, never with `delete`, which would turn it into a slow dictionary on the hot path.
 */
export function writeHead(res: ServerResponse, status: number, headers: OutgoingHttpHeaders): void {
  const base = (res as Tagged)[BASE_HEADERS];
  res.writeHead(status, base ? withBaseHeaders(headers, base) : headers);
}

/** `headers` with the base headers merged last, replacing a server default of the same name. */
export function withBaseHeaders(headers: OutgoingHttpHeaders, base: BaseHeaders): OutgoingHttpHeaders {
  const merged: OutgoingHttpHeaders = {};
  for (const key in headers) if (!base.lowerNames.has(key.toLowerCase())) merged[key] = headers[key];
  for (const [name, value] of base.pairs) merged[name] = value;
  return merged;
}

/** Sends a complete in-memory body (or only its headers, for HEAD). */
export function sendBody(
  res: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders,
  body: string | Buffer,
  headOnly: boolean,
): void {
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  writeHead(res, status, { ...headers, 'Content-Length': buf.length });
  if (headOnly) {
    res.end();
    return;
  }
  res.end(buf);
}

/** A small escaped HTML error page, with a CSP that allows no scripts. */
export function sendError(
  res: ServerResponse,
  status: number,
  detail: string,
  headOnly: boolean,
  extra: OutgoingHttpHeaders = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendBody(res, status, { ...ERROR_HEADERS, ...extra }, renderErrorPage(status, detail), headOnly);
}

const ERROR_HEADERS: OutgoingHttpHeaders = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': PAGE_CSP,
  'Cache-Control': 'no-store',
};

/** A page the server rendered for an error status (HTML, already escaped), with the error headers. */
export function sendErrorPage(res: ServerResponse, status: number, html: string | Buffer, headOnly: boolean): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendBody(res, status, ERROR_HEADERS, html, headOnly);
}

/** What sendErrorPage writes, prepared once for the hot path to send many times. */
export function preparedErrorPage(
  status: number,
  html: Buffer,
  base: BaseHeaders,
): { headers: OutgoingHttpHeaders; body: Buffer } {
  return { headers: withBaseHeaders({ ...ERROR_HEADERS, 'Content-Length': html.length }, base), body: html };
}

/**
 * Whether a request asks for JSON rather than a page: `application/json` in Accept, with no
 * `text/html` before it (browsers list text/html first; fetch() with Accept: application/json does not).
 */
export function prefersJson(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(',').map((t) => t.trim().toLowerCase());
  const json = types.findIndex((t) => t.startsWith('application/json') && !/;\s*q=0(\.0*)?\s*(;|$)/.test(t));
  if (json < 0) return false;
  const html = types.findIndex((t) => t.startsWith('text/html'));
  return html < 0 || html > json;
}

export function sendRedirect(res: ServerResponse, location: string, headOnly: boolean): void {
  sendError(res, 301, `This page has moved to ${location}`, headOnly, { Location: location });
}

/** The Host a request names: its Host header, or HTTP/2's :authority. */
export function hostOf(req: IncomingMessage): string | undefined {
  return req.headers.host ?? (req.headers[':authority'] as string | undefined);
}

/** True for HTTP/1.x, where connection-level headers and socket options exist. */
export function isHttp1(req: IncomingMessage): boolean {
  return req.httpVersionMajor < 2;
}
