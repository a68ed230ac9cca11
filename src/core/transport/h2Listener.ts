import * as http2 from 'node:http2';
import type { TLSSocket } from 'node:tls';
import type { Diagnose, RequestListener, WatchResponses } from './listenerTypes';
import type { TransportOptions } from '../config';
import { CountedH2Response, CountedResponse } from '../http';
import { TLS_POLICY, type TlsMaterial } from './tlsMaterial';

/** Streams one HTTP/2 client may have open at once. */
export const H2_MAX_STREAMS = 100;
/** Memory one session may hold in nghttp2 (MB): a client that opens streams and never reads hits it. */
const H2_SESSION_MEMORY_MB = 10;

const SOCKETS = Symbol('ferrox.h2Sockets');
const SESSIONS = Symbol('ferrox.h2Sessions');
type Tracked = http2.Http2SecureServer & { [SOCKETS]: Set<TLSSocket>; [SESSIONS]: Set<http2.ServerHttp2Session> };

/**
 * A TLS listener that speaks HTTP/2 and HTTP/1.1 on one port (ALPN). The request handler gets
 * Node's compatibility request and response, which it treats as HTTP/1's. Idle sessions close
 * after the keep-alive timeout, a stream with no progress for the request timeout is reset (a
 * client that stops reading frees its memory), garbage frames end the session, and concurrent
 * streams are capped.
 */
export function createH2Listener(
  o: TransportOptions,
  tls: TlsMaterial,
  onRequest: RequestListener,
  diagnose: Diagnose,
): http2.Http2SecureServer {
  const server = http2.createSecureServer(
    {
      ...TLS_POLICY,
      cert: tls.cert,
      key: tls.key,
      allowHTTP1: true,
      // Responses count their own body bytes, on either protocol.
      Http1ServerResponse: CountedResponse,
      Http2ServerResponse: CountedH2Response,
      maxSessionMemory: H2_SESSION_MEMORY_MB,
      settings: { maxConcurrentStreams: H2_MAX_STREAMS, maxHeaderListSize: o.maxHeaderSize },
    },
    onRequest as unknown as (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void,
  ) as Tracked;
  server[SOCKETS] = new Set();
  server[SESSIONS] = new Set();
  server.on('secureConnection', (socket: TLSSocket) => {
    server[SOCKETS].add(socket);
    socket.on('close', () => {
      server[SOCKETS].delete(socket);
      clearTimeout((socket as Deadlined)[HEADERS_DEADLINE]);
    });
    if (socket.alpnProtocol !== 'h2') armHeadersDeadline(socket, o.headersTimeoutMs);
  });
  // HTTP/1 on this port: Node's HTTP/2 server does not enforce headersTimeout there, so a client
  // trickling header lines (slowloris) is cut here, before every request on the connection.
  server.prependListener('request', (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => {
    if (req.httpVersionMajor >= 2) return;
    const socket = req.socket as unknown as TLSSocket;
    clearTimeout((socket as Deadlined)[HEADERS_DEADLINE]);
    res.once('close', () => {
      if (!socket.destroyed) armHeadersDeadline(socket, o.headersTimeoutMs);
    });
  });
  server.on('session', (session) => {
    server[SESSIONS].add(session);
    session.on('close', () => server[SESSIONS].delete(session));
    session.on('error', (err) => diagnose('debug', `HTTP/2 session error: ${err.message}`, err));
  });
  server.on('stream', (stream) => {
    stream.on('error', () => undefined); // a reset stream is the client's business
    stream.setTimeout(streamTimeout(o), () => stream.close(http2.constants.NGHTTP2_CANCEL));
  });
  server.on('sessionError', (err: Error) => diagnose('debug', `HTTP/2 session error: ${err.message}`, err));
  // An idle HTTP/2 session gets a GOAWAY, letting any last stream finish (without a listener Node
  // destroys it). The same event comes for an idle HTTP/1 connection, with its socket: close that.
  server.on('timeout', (idle: http2.Http2Session | TLSSocket) => {
    if ('goaway' in idle) idle.close();
    else idle.destroy();
  });
  server.on('tlsClientError', (err: Error) => diagnose('debug', `TLS handshake failed: ${err.message}`, err));
  applyH2Timeouts(server, o);
  return server;
}

const HEADERS_DEADLINE = Symbol('ferrox.headersDeadline');
type Deadlined = TLSSocket & { [HEADERS_DEADLINE]?: NodeJS.Timeout };

function armHeadersDeadline(socket: TLSSocket, ms: number): void {
  const tagged = socket as Deadlined;
  clearTimeout(tagged[HEADERS_DEADLINE]);
  tagged[HEADERS_DEADLINE] = setTimeout(() => socket.destroy(), ms);
  tagged[HEADERS_DEADLINE].unref();
}

/** A stream that makes no progress for this long is reset; live-reload streams turn it off. */
function streamTimeout(o: TransportOptions): number {
  return o.requestTimeoutMs > 0 ? o.requestTimeoutMs : o.headersTimeoutMs;
}

/** Idle sessions close after the keep-alive timeout; HTTP/1 connections on this port keep HTTP/1's limits. */
export function applyH2Timeouts(server: http2.Http2SecureServer, o: TransportOptions): void {
  server.setTimeout(o.keepAliveTimeoutMs);
  const h1 = server as unknown as { headersTimeout: number; requestTimeout: number; keepAliveTimeout: number };
  h1.headersTimeout = o.headersTimeoutMs;
  h1.requestTimeout = o.requestTimeoutMs;
  h1.keepAliveTimeout = o.keepAliveTimeoutMs;
}

/** Whether a listener is one of createH2Listener's. */
export function isH2Listener(server: object): server is http2.Http2SecureServer {
  return SESSIONS in server;
}

/**
 * Closes an HTTP/2 listener: no new connections, GOAWAY to every session so in-flight streams
 * finish, idle HTTP/1 connections closed, and everything cut at the deadline.
 */
export function closeH2Listener(
  server: http2.Http2SecureServer,
  deadlineMs: number,
  watchResponses: WatchResponses,
): Promise<void> {
  const tracked = server as Tracked;
  const closeIdleH1 = () => (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      for (const session of tracked[SESSIONS]) session.destroy();
      for (const socket of tracked[SOCKETS]) socket.destroy();
    }, deadlineMs);
    // An HTTP/1 connection whose response just ended is idle now: close it rather than wait.
    const unwatch = watchResponses(() => setImmediate(closeIdleH1));
    server.close(() => {
      clearTimeout(timer);
      unwatch();
      resolve();
    });
    for (const session of tracked[SESSIONS]) session.close();
    closeIdleH1();
  });
}
