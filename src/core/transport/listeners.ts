import * as http from 'node:http';
import type * as http2 from 'node:http2';
import * as https from 'node:https';
import type { Duplex } from 'node:stream';
import { CountedResponse, renderErrorPage } from '../http';
import type { TransportOptions } from '../config';
import { ListenError, PortInUseError } from './errors';
import { applyH2Timeouts, closeH2Listener, createH2Listener, isH2Listener } from './h2Listener';
import type { Diagnose, RequestListener, WatchResponses } from './listenerTypes';
import { TLS_POLICY, type TlsMaterial } from './tlsMaterial';

export type { Diagnose, RequestListener, WatchResponses } from './listenerTypes';

/** A bound http, https or HTTP/2 (with HTTP/1.1 on the same port) server. */
export type Listener = http.Server | https.Server | http2.Http2SecureServer;

function isH2(server: Listener): server is http2.Http2SecureServer {
  return isH2Listener(server);
}

/** How often Node checks header and request timeouts on open connections. */
export const CONNECTIONS_CHECK_MS = 500;

/** Applies the timeouts that can change on a live server without rebinding. */
export function applyTimeouts(server: Listener, o: TransportOptions): void {
  if (isH2(server)) return applyH2Timeouts(server, o);
  server.keepAliveTimeout = o.keepAliveTimeoutMs;
  server.headersTimeout = o.headersTimeoutMs;
  server.requestTimeout = o.requestTimeoutMs;
}

/** Creates (but does not bind) the main server. */
export function createListener(
  o: TransportOptions,
  tls: TlsMaterial | undefined,
  onRequest: RequestListener,
  diagnose: Diagnose,
): Listener {
  const base: http.ServerOptions = {
    maxHeaderSize: o.maxHeaderSize,
    keepAlive: true,
    // Responses count their own body bytes, whoever writes them (the access log reads them).
    ServerResponse: CountedResponse,
    // Node checks header and request timeouts on this interval (30 s by default), which would let
    // a slowloris client hold a socket far longer than headersTimeoutMs.
    connectionsCheckingInterval: CONNECTIONS_CHECK_MS,
  };
  if (tls && o.http2) return createH2Listener(o, tls, onRequest, diagnose);
  const server = tls
    ? https.createServer({ ...base, ...TLS_POLICY, cert: tls.cert, key: tls.key }, onRequest)
    : http.createServer(base, onRequest);
  applyTimeouts(server, o);
  watchServerErrors(server, diagnose);
  if (tls) {
    server.on('tlsClientError', (err: Error) => diagnose('debug', `TLS handshake failed: ${err.message}`, err));
  }
  return server;
}

const CLIENT_ERRORS: Record<number, string> = {
  414: 'The address is too long.',
  431: 'The request headers are too large.',
  408: 'The request took too long to arrive.',
  400: 'The request could not be parsed.',
};

/** The header block overflowed within its first line: the target itself is too long (414, not 431). */
function targetTooLong(err: NodeJS.ErrnoException): boolean {
  const raw = (err as { rawPacket?: Buffer }).rawPacket;
  if (!raw) return false;
  const end = raw.indexOf('\r\n');
  return end === -1 || end > 8 * 1024;
}

/** Malformed requests get a short answer and never reach (or crash) the request handler. */
export function watchServerErrors(server: Listener, diagnose: Diagnose): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? targetTooLong(err)
          ? 414
          : 431
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? 408
          : 400;
    diagnose('debug', `Rejected a malformed request with ${status}: ${err.message}`, err);
    const body = renderErrorPage(status, CLIENT_ERRORS[status]);
    socket.end(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: text/html; charset=utf-8\r\n` +
        `X-Content-Type-Options: nosniff\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  });
  // Errors while binding are the binder's to report (bind() below); later ones are news.
  server.on('error', (err: Error) => {
    if (server.listening) diagnose('error', `Server error: ${err.message}`, err);
  });
}

/**
 * Binds `server` to the first free port among `port`, `port + 1`, … (`portFallback` extra tries).
 * Port 0 asks the OS for any free port. A busy port gives PortInUseError naming it.
 */
export async function bind(server: Listener, host: string, port: number, portFallback: number): Promise<number> {
  const candidates =
    port === 0 ? [0] : Array.from({ length: portFallback + 1 }, (_, i) => port + i).filter((p) => p <= 65535);
  const tried: number[] = [];
  for (const candidate of candidates) {
    tried.push(candidate);
    try {
      await listenOnce(server, host, candidate);
      const address = server.address();
      return typeof address === 'object' && address ? address.port : candidate;
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code !== 'EADDRINUSE') throw new ListenError(host, candidate, e);
    }
  }
  throw new PortInUseError(host, port, tried);
}

function listenOnce(server: Listener, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host, port });
  });
}

/**
 * Stops accepting, lets in-flight responses finish until `deadlineMs`, closes keep-alive sockets
 * as soon as they become idle, then cuts whatever is left. Resolves when all is closed.
 */
export function closeListener(
  server: Listener,
  deadlineMs: number,
  watchResponses: WatchResponses = () => () => undefined,
): Promise<void> {
  if (!server.listening) return Promise.resolve();
  if (isH2(server)) return closeH2Listener(server, deadlineMs, watchResponses);
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), deadlineMs);
    // A socket whose response just ended is idle now: close it rather than wait for its timeout.
    const unwatch = watchResponses(() => setImmediate(() => server.closeIdleConnections()));
    // Requests that still arrive on open keep-alive sockets are answered, then the socket closes.
    const onLateRequest = (_req: http.IncomingMessage, res: http.ServerResponse) =>
      res.setHeader('Connection', 'close');
    // (HTTP/2 listeners close through closeH2Listener: GOAWAY instead of Connection: close.)
    server.prependListener('request', onLateRequest);
    server.close(() => {
      clearTimeout(timer);
      server.off('request', onLateRequest);
      unwatch();
      resolve();
    });
    server.closeIdleConnections();
  });
}
