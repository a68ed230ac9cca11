import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isHttp1, writeHead } from '../http';
import { connectedPageOf, RETURN_GRACE_MS, type ConnectedPage } from './connectedPages';
import type { ServerEvents } from './protocol';

/** Comment lines keep idle streams open through proxies (and let us notice dead sockets). */
const HEARTBEAT_MS = 25_000;
/** How soon a browser retries after the stream drops (server restart). */
const RETRY_MS = 300;

/** Formats one server-sent event. Data is JSON, so it never contains a newline. */
export function sseEvent<E extends keyof ServerEvents>(event: E, data: ServerEvents[E], id?: number): string {
  return `${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * The live-reload hub: browsers hold an EventSource on LIVE_EVENTS_PATH and get one `change`
 * event per batch. Each server instance has its own id, sent in `hello`; a page that reconnects
 * and sees a new id knows the server restarted and reloads.
 */
export class LiveHub {
  constructor(readonly instanceId: string = randomUUID()) {}

  /** Each open stream, and what its page said of itself. */
  private readonly clients = new Map<ServerResponse, ConnectedPage>();
  /**
   * Pages of an earlier instance whose stream closed because they are reloading: listed (stale)
   * until they come back or RETURN_GRACE_MS passes, so "is a tab open?" sees them throughout.
   */
  private readonly returning = new Map<ConnectedPage, NodeJS.Timeout>();
  /** Told whenever a page connects or goes. */
  onPagesChanged: (() => void) | undefined;
  /** Told with a page's id when its stream closes. */
  onPageGone: ((id: string) => void) | undefined;
  private syncOn = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private sequence = 0;

  get clientCount(): number {
    return this.clients.size;
  }

  /** The pages connected now, in the order they came, then those reloading after a restart. */
  pages(): ConnectedPage[] {
    return [...this.clients.values(), ...this.returning.keys()];
  }

  /** Answers an EventSource request and keeps the stream until the client or stop() ends it. */
  connect(req: IncomingMessage, res: ServerResponse): void {
    writeHead(res, 200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      // no-transform: a compressing proxy (code-server's, for one) would otherwise buffer the stream.
      'Cache-Control': 'no-store, no-transform',
      'X-Accel-Buffering': 'no',
    });
    if (isHttp1(req)) {
      req.socket.setNoDelay(true);
      req.socket.setTimeout(0);
    } else {
      // An HTTP/2 stream with no progress is reset after a while; this one waits for changes.
      (req as IncomingMessage & { stream?: { setTimeout(ms: number): void } }).stream?.setTimeout(0);
    }
    res.write(`retry: ${RETRY_MS}\n` + sseEvent('hello', { instance: this.instanceId, sync: this.syncOn }));
    const page = connectedPageOf(req, this.instanceId);
    this.clients.set(res, page);
    this.cameBack(page);
    this.onPagesChanged?.();
    res.on('close', () => {
      if (!this.clients.delete(res)) return;
      this.onPageGone?.(page.id);
      if (this.clients.size === 0) this.stopHeartbeat();
      if (page.stale && !this.isBack(page))
        this.returning.set(page, setTimeout(() => this.forget(page), RETURN_GRACE_MS).unref());
      this.onPagesChanged?.();
    });
    if (!this.heartbeat) {
      this.heartbeat = setInterval(() => this.write(': ping\n\n'), HEARTBEAT_MS);
      this.heartbeat.unref();
    }
  }

  /** Turns synced browsing on or off; open pages hear it in a `hello` at once. */
  setSync(on: boolean): void {
    if (on === this.syncOn) return;
    this.syncOn = on;
    this.send('hello', { instance: this.instanceId, sync: on });
  }

  broadcast(batch: ServerEvents['change']): void {
    this.write(sseEvent('change', batch, ++this.sequence));
  }

  /** Sends any other event to every page (they pick what concerns them). */
  send<E extends keyof ServerEvents>(event: E, data: ServerEvents[E]): void {
    this.write(sseEvent(event, data));
  }

  /** Sends an event to the one page load named `id`; false when no such page is connected. */
  sendTo<E extends keyof ServerEvents>(id: string, event: E, data: ServerEvents[E]): boolean {
    for (const [res, page] of this.clients) {
      if (page.id !== id) continue;
      res.write(sseEvent(event, data));
      return true;
    }
    return false;
  }

  /** Ends every stream; browsers reconnect to whatever server answers next. */
  closeAll(): void {
    const had = this.clients.size + this.returning.size > 0;
    const ids = [...this.clients.values()].map((p) => p.id);
    for (const res of [...this.clients.keys()]) res.end();
    this.clients.clear();
    for (const id of ids) this.onPageGone?.(id);
    for (const timer of this.returning.values()) clearTimeout(timer);
    this.returning.clear();
    if (had) this.onPagesChanged?.();
    this.stopHeartbeat();
  }

  /** Whether `page` (stale) is connected again already as a current page (its stream may close late). */
  private isBack(page: ConnectedPage): boolean {
    return [...this.clients.values()].some((p) => !p.stale && p.deviceId === page.deviceId && p.page === page.page);
  }

  /** A page connected: the same page of the same device reloading after a restart is back. */
  private cameBack(page: ConnectedPage): void {
    for (const [gone, timer] of this.returning) {
      if (gone.deviceId !== page.deviceId || gone.page !== page.page) continue;
      clearTimeout(timer);
      this.returning.delete(gone);
      return;
    }
  }

  private forget(page: ConnectedPage): void {
    if (this.returning.delete(page)) this.onPagesChanged?.();
  }

  private write(text: string): void {
    for (const res of this.clients.keys()) res.write(text);
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }
}
