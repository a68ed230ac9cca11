import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isLoopbackAddress } from '../http';
import { EVENTS_QUERY } from './protocol';

/** A page with its event stream open: what "who is watching" lists. */
export interface ConnectedPage {
  /** Names this page load (the page's own, or one the server made): what a snapshot or a reload is addressed to. */
  id: string;
  /** The page's path, as it said (at most 300 characters). */
  page: string;
  /** CSS pixels, as the page measured them when it connected. */
  viewport?: { width: number; height: number };
  device: 'phone' | 'tablet' | 'desktop';
  /** The browser's name, from the user agent ("Chrome", "Safari", …; "a browser" when unknown). */
  browser: string;
  /** Which device: the peer's address and user agent. Two tabs of one browser are one device. */
  deviceId: string;
  /** Inside a frame (the editor's preview, an iframe): not a tab of its own. */
  framed?: boolean;
  /**
   * Served by an earlier instance of the server (before a restart): the page reloads as soon as
   * it hears this one, and comes back as a current page within a moment.
   */
  stale?: boolean;
}

/** Whether a page is open on this machine (its stream's peer is loopback): not a phone or another computer. */
export function onThisMachine(page: ConnectedPage): boolean {
  return isLoopbackAddress(page.deviceId.slice(0, page.deviceId.indexOf('|')));
}

/** The device kind and browser a user agent names. Rough by nature: for a list a person reads. */
export function deviceOf(userAgent: string): Pick<ConnectedPage, 'device' | 'browser'> {
  const device = /iPad|Tablet|Android(?!.*Mobile)/i.test(userAgent)
    ? 'tablet'
    : /Mobi|iPhone|iPod|Android|Windows Phone/i.test(userAgent)
      ? 'phone'
      : 'desktop';
  const browser = /Edg(e|A|iOS)?\//.test(userAgent)
    ? 'Edge'
    : /OPR\/|Opera/.test(userAgent)
      ? 'Opera'
      : /Firefox\/|FxiOS\//.test(userAgent)
        ? 'Firefox'
        : /Chrome\/|CriOS\/|Chromium\//.test(userAgent)
          ? 'Chrome'
          : /Safari\//.test(userAgent)
            ? 'Safari'
            : 'a browser';
  return { device, browser };
}

/** What the request that opened a page's event stream says of the page, to the server instance `instanceId`. */
export function connectedPageOf(req: IncomingMessage, instanceId: string): ConnectedPage {
  const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
  const said = query.get(EVENTS_QUERY.page) ?? '';
  const page = said.startsWith('/') ? said.slice(0, 300) : '/';
  const size = /^(\d{1,5})x(\d{1,5})$/.exec(query.get(EVENTS_QUERY.viewport) ?? '');
  const userAgent = String(req.headers['user-agent'] ?? '');
  const servedBy = query.get(EVENTS_QUERY.instance);
  const id = query.get(EVENTS_QUERY.id) ?? '';
  return {
    id: /^[A-Za-z0-9]{1,32}$/.test(id) ? id : randomUUID().replace(/-/g, ''),
    page,
    ...(size ? { viewport: { width: Number(size[1]), height: Number(size[2]) } } : {}),
    ...deviceOf(userAgent),
    deviceId: `${req.socket?.remoteAddress ?? ''}|${userAgent}`,
    ...(query.get(EVENTS_QUERY.framed) === '1' ? { framed: true } : {}),
    ...(servedBy && servedBy !== instanceId ? { stale: true } : {}),
  };
}

/**
 * "2 pages on 2 devices: desktop 1280×800 /about.html (Firefox), phone 390×844 /index.html (Chrome)",
 * in a stable order, so the same pages always read the same (a reload reorders the streams).
 */
export function describePages(pages: readonly ConnectedPage[]): string {
  if (pages.length === 0) return 'no pages connected';
  const devices = new Set(pages.map((p) => p.deviceId)).size;
  const list = pages
    .map((p) => `${p.device}${p.viewport ? ` ${p.viewport.width}×${p.viewport.height}` : ''} ${p.page} (${p.browser})`)
    .sort();
  return `${pages.length} page${pages.length === 1 ? '' : 's'} on ${devices} device${devices === 1 ? '' : 's'}: ${list.join(', ')}`;
}

/** How long a restarted server waits for a tab that was open to come back (the client retries every 300 ms). */
export const RECONNECT_WAIT_MS = 1000;
/**
 * How long a page of an earlier instance, reloading after a restart, is still counted while it
 * comes back (a slow machine, a heavy page): the hub keeps listing it as stale meanwhile.
 */
export const RETURN_GRACE_MS = 4000;
const POLL_MS = 50;

/**
 * Whether a browser tab of a server (a page not in a frame: the preview panel and iframes are no
 * tabs) is connected now, or within `waitMs`: after a restart, open tabs reconnect by themselves,
 * and opening another then would pile tabs up. A tab that reconnected and is reloading (stale)
 * is waited for, up to RETURN_GRACE_MS more: an event sent to it now would be lost in its reload.
 * `pages` is asked again each time.
 */
export async function tabConnected(pages: () => readonly ConnectedPage[], waitMs = 0): Promise<boolean> {
  for (let waited = 0; ; waited += POLL_MS) {
    const tabs = pages().filter((p) => !p.framed);
    if (tabs.some((p) => !p.stale)) return true;
    if (waited >= waitMs && (tabs.length === 0 || waited >= waitMs + RETURN_GRACE_MS)) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
