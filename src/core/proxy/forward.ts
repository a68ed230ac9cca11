import * as http from 'node:http';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import * as https from 'node:https';
import { performance } from 'node:perf_hooks';
import {
  injectedEtag,
  namesInjected,
  noteUpstream,
  sendError,
  unmarkIfNoneMatch,
  weaken,
  writeHead,
  type UpstreamInfo,
} from '../http';
import { collectAnswer, type CollectedAnswer } from './capture';
import { answerHtml, type PageTag } from './injectHtml';
import { downstreamHeaders, upstreamRequestHeaders, type ClientInfo, type LocalOrigin } from './forwardHeaders';
import type { Credentials } from '../share';
import type { ProxyPool } from './pool';
import type { ProxyRoute } from './rules';

/** What one forwarded request needs from the server around it. */
export interface ForwardContext {
  pool: ProxyPool;
  client: ClientInfo;
  local: LocalOrigin;
  credentials?: Credentials;
  /** The live-reload tag to put into HTML the backend answers (undefined: none for this request). */
  inject?: PageTag;
  /**
   * Reads the answer whole instead of relaying it (a page fetched again for a morph): `collect`
   * gets it, with the headers the client would have got, and answers the client itself.
   */
  collect?: (answer: CollectedAnswer, headers: OutgoingHttpHeaders) => void;
  /** Reports a failure once, in words that name the rule, the target and the error code. */
  onFailure: (message: string) => void;
}

/** How often a refused connection is tried again while the rule waits for its backend. */
const REFUSED_RETRY_MS = 100;

/**
 * Forwards one request to its rule's target and streams the answer back: bodies flow both ways
 * with backpressure and are never held whole. Redirects are returned, not followed. A backend
 * that cannot be reached, or that does not answer within the rule's timeout, gets a 502 or 504
 * page; a client that goes away aborts the backend request.
 */
export function forwardRequest(
  req: IncomingMessage,
  res: ServerResponse,
  route: ProxyRoute,
  ctx: ForwardContext,
): void {
  const { rule } = route;
  // For the access log: the URL asked of the backend, and (below) how long its answer took to start.
  const info: UpstreamInfo = { target: rule.target.origin + route.upstreamPath, ms: 0 };
  noteUpstream(res, info);
  const started = performance.now();
  const withBody = hasBody(req);
  const page = ctx.inject && onceEach(ctx.inject);
  const validation = page && revalidation(req, page.mark);
  let clientGone = false;
  let upstream: http.ClientRequest | undefined;
  let timer: NodeJS.Timeout | undefined;
  // The timeout covers connecting, sending and waiting for the response headers; it restarts
  // while the request body flows. A long answer (SSE, a download) is then never cut by it.
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(
      () => upstream?.destroy(Object.assign(new Error('no answer in time'), { code: 'ETIMEDOUT' })),
      rule.timeoutMs,
    );
  };
  // A client that goes away (or whose stream is reset) ends the backend request too.
  res.on('close', () => {
    clearTimeout(timer);
    if (!res.writableFinished) {
      clientGone = true;
      upstream?.destroy();
    }
  });

  const send = (retried: boolean): void => {
    const request = (upstream = (rule.target.protocol === 'https:' ? https : http).request({
      protocol: rule.target.protocol,
      hostname: bareHost(rule.target.hostname),
      port: rule.target.port || undefined,
      method: req.method,
      path: route.upstreamPath,
      headers: validation
        ? validation.revise(upstreamRequestHeaders(req.headers, rule, ctx.client, ctx.credentials))
        : upstreamRequestHeaders(req.headers, rule, ctx.client, ctx.credentials),
      agent: ctx.pool.agentFor(rule),
      rejectUnauthorized: rule.secure,
      // Host is in the headers already: the target's, or the browser's with changeOrigin: false.
      setHost: false,
    }));
    let answered = false;
    let bodyFlowing = false;
    arm();
    request.on('error', (err: NodeJS.ErrnoException) => {
      // A pooled connection the backend closed just as it was reused: a request without a body
      // has not reached the backend's code, so it is sent once more on a new connection.
      if (
        !answered &&
        !retried &&
        !withBody &&
        !clientGone &&
        request.reusedSocket &&
        (err.code === 'ECONNRESET' || err.code === 'EPIPE')
      ) {
        send(true);
        return;
      }
      // A backend restarting itself refuses connections for a moment (Flask's reloader, nodemon):
      // the request waits for it, boundedly. Nothing of a body has been sent yet (see below).
      if (
        !answered &&
        !bodyFlowing &&
        !clientGone &&
        err.code === 'ECONNREFUSED' &&
        performance.now() - started < rule.refusedWaitMs
      ) {
        setTimeout(() => {
          if (!clientGone) send(retried);
        }, REFUSED_RETRY_MS);
        return;
      }
      fail(err, answered);
    });
    if (withBody) {
      // The body flows once the connection is up, so a refused one has taken none of it. Not
      // stream.pipeline: it would destroy the client's request (and so its socket) when the
      // backend fails, and the 502 page could never be sent.
      const flow = () => {
        bodyFlowing = true;
        // The timeout restarts while the body flows (a listener before the pipe would drop data).
        req.on('data', () => {
          if (!res.headersSent) arm();
        });
        req.pipe(request);
        req.on('error', () => request.destroy());
        request.on('error', () => {
          req.unpipe(request);
          req.resume();
        });
      };
      request.once('socket', (socket) => {
        if (socket.connecting) socket.once('connect', flow);
        else flow();
      });
    } else {
      request.end();
    }
    request.on('response', (backend) => {
      answered = true;
      relay(backend);
    });
  };

  const fail = (err: NodeJS.ErrnoException, answered: boolean) => {
    clearTimeout(timer);
    // A browser that left (or a reset stream) is why the backend request was ended: nothing to say.
    if (clientGone || res.destroyed || res.writableEnded) return;
    info.ms = performance.now() - started;
    if (res.headersSent || answered) {
      // Mid-answer: all that can be said is that the answer stops short.
      res.destroy();
      return;
    }
    const code = err.code ?? 'EPROXY';
    const status = code === 'ETIMEDOUT' ? 504 : 502;
    const what =
      code === 'ETIMEDOUT'
        ? `did not answer within ${rule.timeoutMs / 1000} s`
        : `could not be reached: ${code} (${describe(code, err.message)})`;
    const message = `Proxy ${rule.prefix || '/'} → ${rule.target.origin}: ${req.method} ${route.upstreamPath.split('?')[0]} ${what}.`;
    ctx.onFailure(message);
    if (ctx.collect) ctx.collect({ status, contentType: '', problem: `${message} Is the backend running?` }, {});
    else sendError(res, status, `${message} Is the backend running?`, req.method === 'HEAD');
  };

  const relay = (backend: IncomingMessage) => {
    clearTimeout(timer);
    info.ms = performance.now() - started;
    if (res.destroyed) {
      backend.destroy();
      return;
    }
    const headers = downstreamHeaders(backend.headers, rule, ctx.local);
    const status = backend.statusCode ?? 502;
    const collect = ctx.collect;
    if (collect) {
      collectAnswer(backend, status, rule.timeoutMs, (answer) => collect(answer, headers));
      return;
    }
    const bodiless = req.method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200);
    if (bodiless) {
      // A 304 for a page whose validator named the injected tag keeps naming it in the browser's cache.
      if (status === 304 && validation?.matched && typeof headers.etag === 'string')
        headers.etag = injectedEtag(weaken(headers.etag), validation.tag);
      writeHead(res, status, headers);
      res.end();
      backend.resume();
      return;
    }
    if (page && answerHtml(backend, res, status, headers, page)) return;
    writeHead(res, status, headers);
    backend.pipe(res, { end: false });
    backend.on('end', () => {
      // Trailers travel with the end of the body (HTTP/1.1 chunked, or HTTP/2's last HEADERS).
      if (Object.keys(backend.trailers).length > 0) res.addTrailers(backend.trailers);
      res.end();
    });
    backend.on('error', () => res.destroy());
    backend.on('aborted', () => res.destroy());
  };

  send(false);
}

/**
 * A revalidation of a page that was answered with the live-reload tag in it: the backend named
 * the bytes before injection, so its If-None-Match loses the tag's mark, and a tag marked for
 * another instance or version is dropped (that copy is stale whatever the backend says).
 */
function revalidation(
  req: IncomingMessage,
  mark: () => Buffer | undefined,
): { revise: (headers: OutgoingHttpHeaders) => OutgoingHttpHeaders; matched: boolean; tag: Buffer } | undefined {
  const header = req.headers['if-none-match'];
  if (header === undefined || !namesInjected(header)) return undefined;
  const made = mark();
  if (!made) return undefined;
  const unmarked = unmarkIfNoneMatch(header, made);
  const revise = (headers: OutgoingHttpHeaders) => {
    if (unmarked.header === undefined) delete headers['if-none-match'];
    else headers['if-none-match'] = unmarked.header;
    return headers;
  };
  return { revise, matched: unmarked.matched, tag: made };
}

/** The page's tag and mark, each made at most once for this answer. */
function onceEach(page: PageTag): PageTag {
  return {
    tag: once(() => page.tag()),
    mark: once(() => page.mark()),
    keep: page.keep && ((text, status) => page.keep?.(text, status)),
  };
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/** Whether a request has a body to forward: HTTP/1 says so in its headers; an HTTP/2 stream may carry one unannounced. */
function hasBody(req: IncomingMessage): boolean {
  if (req.httpVersionMajor >= 2) return !req.readableEnded;
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** A URL's hostname as sockets take it: IPv6 without its brackets. */
function bareHost(hostname: string): string {
  return hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
}

function describe(code: string, fallback: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'nothing listens there';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name is unknown';
    case 'ECONNRESET':
      return 'the backend closed the connection';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'the host cannot be reached';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return 'its TLS certificate is not trusted; set "secure": false in the rule to accept it';
    default:
      return fallback;
  }
}
