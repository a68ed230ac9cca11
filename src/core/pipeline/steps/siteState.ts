import { readCookie } from '../../share';
import type { Exchange } from '../exchange';

/**
 * One project's browser state does not leak into the next one served on the same origin
 * (Live Server #222, Live Preview #191): a service worker, storage or caches that folder A left
 * on 127.0.0.1:8080 would run for folder B served there next. Each navigation and service-worker
 * script fetch carries a cookie naming the folder its origin served it last (named for the port:
 * cookies ignore ports); when it names another folder, the answer carries `Clear-Site-Data:
 * "cache", "storage"` (service workers, storage, caches; never cookies, so a share link's stays)
 * and the cookie is set to this folder. A browser that never met this origin gets the cookie alone.
 */
export function siteState(x: Exchange): boolean {
  const dest = x.req.headers['sec-fetch-dest'];
  if (dest !== 'document' && dest !== 'serviceworker') return false;
  const name = `ferrox-site-${x.req.socket.localPort ?? 0}`;
  const marker = x.cfg.siteMarker;
  const seen = readCookie(x.req.headers.cookie, name);
  if (seen === marker) return false;
  if (seen !== undefined) x.res.setHeader('Clear-Site-Data', '"cache", "storage"');
  x.res.appendHeader('Set-Cookie', `${name}=${marker}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax`);
  return false;
}
