import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import { bodyBytesOf, ruleOf, upstreamOf, type UpstreamInfo } from '../http';
import { redactToken } from '../share';
import type { WatchResponses } from './listeners';

/** One served request, as the core reports it. Hosts decide where (and whether) it is written. */
export interface AccessLogEntry {
  time: Date;
  remoteAddress: string;
  method: string;
  /** The request target as sent (path and query), with the share token redacted. */
  path: string;
  httpVersion: string;
  status: number;
  /** Body bytes sent, headers excluded (nginx's $body_bytes_sent). */
  bytes: number;
  durationMs: number;
  userAgent: string | undefined;
  referer: string | undefined;
  /** For a proxied request: the URL asked of the backend, and how long its answer took to start. */
  upstream?: UpstreamInfo;
  /** The rule of a host's file that answered (`_redirects:3`, `vercel.json rewrites[0]`). */
  rule?: string;
}

const ACCESS = Symbol('ferrox.access');
type Tracked = ServerResponse & { [ACCESS]?: { req: IncomingMessage; started: number; remoteAddress: string } };

/**
 * Follows every response to its close: for the access log, and for listeners shutting down,
 * which close a keep-alive socket as soon as its response ends.
 *
 * Responses are deliberately not kept in a Set: constant add/delete churn rehashes its table,
 * and V8 links each stale table to the next, which kept every response alive into the old
 * generation and made the server 30–60% slower under load after its first full collection.
 */
export class ResponseTracker {
  private readonly watchers = new Set<() => void>();
  /** Responses started and not yet closed. */
  private open = 0;

  /** `wantsAccess` says whether anyone listens for access entries now; `emit` hands them over. */
  constructor(
    private readonly wantsAccess: () => boolean,
    private readonly emit: (entry: AccessLogEntry) => void,
  ) {}

  readonly watchResponses: WatchResponses = (watcher) => {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  };

  readonly track = (req: IncomingMessage, res: ServerResponse): void => {
    // Timed only while someone listens; the address is read now, as it is gone once the socket closes.
    (res as Tracked)[ACCESS] = this.wantsAccess()
      ? { req, started: performance.now(), remoteAddress: req.socket.remoteAddress ?? '' }
      : undefined;
    // One shared listener, not a closure per request: this runs for every response.
    this.open++;
    res.on('close', this.onClose);
  };

  /** Responses in flight now (including open event streams). */
  get inFlight(): number {
    return this.open;
  }

  /** Responses that closed before their body was sent whole, since the start (a shutdown's deadline, a client gone). */
  cutShort = 0;

  /** Resolves once no response is in flight, or after `ms`. */
  async settled(ms: number): Promise<void> {
    const until = performance.now() + ms;
    while (this.open > 0 && performance.now() < until) await new Promise((r) => setTimeout(r, 5));
  }

  private readonly onClose = ((tracker: ResponseTracker) =>
    function onResponseClose(this: ServerResponse): void {
      tracker.open--;
      if (!this.writableFinished) tracker.cutShort++;
      for (const watcher of tracker.watchers) watcher();
      const access = (this as Tracked)[ACCESS];
      if (!access) return;
      const { req, started, remoteAddress } = access;
      tracker.emit({
        ...requestFields(req, remoteAddress, started),
        status: this.statusCode,
        bytes: bodyBytesOf(this),
        upstream: upstreamOf(this),
        rule: ruleOf(this),
      });
    })(this);

  /**
   * An Upgrade request (a WebSocket), which has no response object: logged when refused, or
   * when its tunnel closes, with the time it was open.
   */
  upgraded(req: IncomingMessage, status: number, handshakeMs: number, socket: Duplex, upstream?: UpstreamInfo): void {
    if (!this.wantsAccess()) return;
    const remoteAddress = req.socket.remoteAddress ?? '';
    const started = performance.now() - handshakeMs;
    const emit = () => this.emit({ ...requestFields(req, remoteAddress, started), status, bytes: 0, upstream });
    if (status === 101 && !socket.destroyed) socket.once('close', emit);
    else emit();
  }
}

/** What an access line says of the request, the same for an answer and an upgrade; the token redacted. */
function requestFields(
  req: IncomingMessage,
  remoteAddress: string,
  started: number,
): Omit<AccessLogEntry, 'status' | 'bytes' | 'upstream'> {
  return {
    time: new Date(),
    remoteAddress,
    method: req.method ?? '',
    path: redactToken(req.url ?? ''),
    httpVersion: req.httpVersion,
    durationMs: performance.now() - started,
    userAgent: req.headers['user-agent'],
    referer: req.headers.referer && redactToken(req.headers.referer),
  };
}
