import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJsonBody, sendError, writeHead } from '../../http';
import type { LiveHub } from '../liveHub';
import type { SyncEvent, SyncPath } from '../protocol';

const SYNC_BODY_LIMIT = 96 * 1024;
/** Events one client address may send each second; a page throttles its scrolls far below this. */
export const SYNC_RATE_PER_SECOND = 60;
const MAX_DEPTH = 64;
const MAX_VALUE = 64 * 1024;

/**
 * ROUTES.sync: a joined page's event goes to every page of this server (each ignores its own,
 * and pages that have left ignore all). Only this server's pages can post (the instance, and a
 * JSON body a page of another site cannot send without a preflight); the shape is checked whole,
 * and each client address is held to a rate, so a page cannot flood the others.
 */
export class SyncRelay {
  private enabled = false;
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly hub: LiveHub) {}

  set(on: boolean): void {
    this.enabled = on;
    this.hub.setSync(on);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.enabled) return sendError(res, 404, 'Synced browsing is off.', req.method === 'HEAD');
    if (req.method !== 'POST')
      return sendError(res, 405, 'Sync events are sent with POST.', req.method === 'HEAD', { Allow: 'POST' });
    const body = await readJsonBody(req, res, SYNC_BODY_LIMIT);
    if (body === undefined) return;
    const { instance, from, event } = (typeof body === 'object' && body !== null ? body : {}) as Record<
      string,
      unknown
    >;
    if (typeof from !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(from) || !isSyncEvent(event)) {
      return sendError(res, 400, 'A sync event names its page load and one event of a known kind.', false);
    }
    if (instance !== this.hub.instanceId)
      return sendError(res, 403, 'The event does not come from a page of this server.', false);
    if (this.admit(req.socket.remoteAddress ?? '')) this.hub.send('sync', { from, event });
    writeHead(res, 204, { 'Cache-Control': 'no-store' });
    res.end();
  }

  private admit(key: string): boolean {
    const now = Date.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= 1000) {
      if (this.windows.size > 1000) this.windows.clear();
      this.windows.set(key, (w = { start: now, count: 0 }));
    }
    return ++w.count <= SYNC_RATE_PER_SECOND;
  }
}

function isPath(p: unknown): p is SyncPath {
  return (
    Array.isArray(p) &&
    p.length <= MAX_DEPTH &&
    p.every(
      (step) =>
        Array.isArray(step) &&
        step.length === 2 &&
        Number.isInteger(step[0]) &&
        step[0] >= 0 &&
        typeof step[1] === 'string' &&
        /^[a-z][a-z0-9-]{0,40}$/.test(step[1]),
    )
  );
}

const BASE = 'http://origin.invalid';

/**
 * A path that stays on the page's own origin however a browser reads it: it starts with one `/`,
 * carries no backslash (`/\\evil.example` is `//evil.example` to a browser), no whitespace and no
 * control character (`/<TAB>/evil` loses the tab), and parses against an origin to that origin.
 */
export function isSameOriginPath(url: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (url.length > 4096 || !url.startsWith('/') || /[\\\s\x00-\x1f\x7f-\x9f]/.test(url)) return false;
  try {
    const parsed = new URL(url, BASE);
    return parsed.origin === BASE;
  } catch {
    return false;
  }
}

/** Exactly the shapes of SyncEvent, nothing more. */
export function isSyncEvent(e: unknown): e is SyncEvent {
  if (typeof e !== 'object' || e === null) return false;
  const o = e as Record<string, unknown>;
  const keys = Object.keys(o).sort().join(',');
  switch (o.kind) {
    case 'scroll':
      return (
        keys === 'anchor,kind,offset,target' &&
        (o.target === null || isPath(o.target)) &&
        isPath(o.anchor) &&
        typeof o.offset === 'number' &&
        Number.isFinite(o.offset) &&
        o.offset >= -1 &&
        o.offset <= 2
      );
    case 'click':
    case 'submit':
      return keys === 'kind,path' && isPath(o.path);
    case 'input':
      return (
        isPath(o.path) &&
        (keys === 'kind,path,value'
          ? typeof o.value === 'string' && o.value.length <= MAX_VALUE
          : keys === 'checked,kind,path' && typeof o.checked === 'boolean')
      );
    case 'location':
      return keys === 'kind,url' && typeof o.url === 'string' && isSameOriginPath(o.url);
    default:
      return false;
  }
}
