import * as http from 'node:http';
import * as http2 from 'node:http2';

/** For a proxied answer: the URL asked of the backend, and how long its answer took to start. */
export interface UpstreamInfo {
  target: string;
  ms: number;
}

/**
 * What a response knows of itself besides what Node keeps: the body bytes written through it,
 * counted by the response itself whoever writes them (one end(), a pipe, a proxied stream), so
 * no writer can forget to; and, when a backend answered, which one.
 */
interface Counted {
  bodyBytes: number;
  upstream: UpstreamInfo | undefined;
  /** The host's rule that answered (`_redirects:3`), for the access log. */
  rule?: string;
}

/** The response class of every HTTP/1 listener (and of HTTP/1 on the HTTP/2 port). */
export class CountedResponse<Request extends http.IncomingMessage = http.IncomingMessage>
  extends http.ServerResponse<Request>
  implements Counted
{
  bodyBytes = 0;
  upstream: UpstreamInfo | undefined = undefined;
}

/** The response class of HTTP/2 streams (Node's compatibility API). */
export class CountedH2Response extends http2.Http2ServerResponse implements Counted {
  bodyBytes = 0;
  upstream: UpstreamInfo | undefined = undefined;
}

type Write = (this: Counted, chunk: unknown, encoding?: unknown, cb?: unknown) => boolean;
type End = (this: Counted, chunk?: unknown, encoding?: unknown, cb?: unknown) => unknown;

function byteLength(chunk: unknown, encoding: unknown): number {
  if (typeof chunk === 'string')
    return Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  return chunk instanceof Uint8Array ? chunk.byteLength : 0;
}

// HTTP/1's end() writes its last chunk without going through write(): both count.
const h1Write = http.ServerResponse.prototype.write as unknown as Write;
const h1End = http.ServerResponse.prototype.end as unknown as End;
(CountedResponse.prototype as unknown as { write: Write }).write = function (chunk, encoding, cb) {
  this.bodyBytes += byteLength(chunk, encoding);
  return h1Write.call(this, chunk, encoding, cb);
};
(CountedResponse.prototype as unknown as { end: End }).end = function (chunk, encoding, cb) {
  if (typeof chunk !== 'function') this.bodyBytes += byteLength(chunk, encoding);
  return h1End.call(this, chunk, encoding, cb);
};
// HTTP/2's end() passes its chunk to write(): counting there alone counts it once.
const h2Write = http2.Http2ServerResponse.prototype.write as unknown as Write;
(CountedH2Response.prototype as unknown as { write: Write }).write = function (chunk, encoding, cb) {
  this.bodyBytes += byteLength(chunk, encoding);
  return h2Write.call(this, chunk, encoding, cb);
};

/** Body bytes a response has written so far (0 for a response not made by our listeners). */
export function bodyBytesOf(res: http.ServerResponse): number {
  return (res as Partial<Counted>).bodyBytes ?? 0;
}

/** Notes which backend answered a proxied response, for the access log. */
export function noteUpstream(res: http.ServerResponse, info: UpstreamInfo): void {
  (res as Partial<Counted>).upstream = info;
}

export function upstreamOf(res: http.ServerResponse): UpstreamInfo | undefined {
  return (res as Partial<Counted>).upstream;
}

/** Notes which rule of a host's file answered (`_redirects:3`), for the access log. */
export function noteRule(res: http.ServerResponse, label: string): void {
  (res as Partial<Counted>).rule = label;
}

export function ruleOf(res: http.ServerResponse): string | undefined {
  return (res as Partial<Counted>).rule;
}
