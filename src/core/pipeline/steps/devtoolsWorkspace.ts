import { createHash } from 'node:crypto';
import { applyBaseHeaders, crossOrigin, fromThisMachine, sendBody, sendError } from '../../http';
import type { Exchange } from '../exchange';

/** Chrome 135+ asks a local server for this to offer the folder as a DevTools workspace (edits save to disk). */
export const DEVTOOLS_JSON_SEGMENTS = ['.well-known', 'appspecific', 'com.chrome.devtools.json'];

/**
 * A UUID that names the folder and stays the same for it across starts (DevTools remembers a
 * workspace by it): a hash of its real path in the UUID version 4 layout.
 */
export function workspaceUuid(realRoot: string): string {
  const h = createHash('sha256').update(realRoot).digest();
  h[6] = (h[6] & 0x0f) | 0x40;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The step for Chrome's "automatic workspace folders": the served folder's absolute path and its
 * UUID. A path on disk is this machine's business: it is answered only to a browser on this
 * machine with nothing in between, never while the server is shared (404 then, as for any file
 * that is not there), never to another origin and never with CORS headers.
 */
export function devtoolsWorkspace(x: Exchange): boolean {
  const target = x.target;
  if (!target?.ok || target.segments.length !== 3 || !DEVTOOLS_JSON_SEGMENTS.every((s, i) => target.segments[i] === s))
    return false;
  // A path on disk is no website's business, whatever CORS says for the files.
  applyBaseHeaders(x.res, x.cfg.ownHeaders);
  if (x.cfg.options.accessToken !== undefined || !fromThisMachine(x.req, x.cfg.options.trustProxy)) {
    sendError(x.res, 404, 'Not found.', x.headOnly);
    return true;
  }
  if (crossOrigin(x.req)) {
    sendError(
      x.res,
      403,
      "The DevTools workspace is told only to this server's own pages and to DevTools.",
      x.headOnly,
    );
    return true;
  }
  if (x.req.method !== 'GET' && x.req.method !== 'HEAD') {
    sendError(x.res, 405, `The method ${x.req.method} is not allowed here.`, x.headOnly, { Allow: 'GET, HEAD' });
    return true;
  }
  const body = JSON.stringify({ workspace: { root: x.cfg.realRoot, uuid: workspaceUuid(x.cfg.realRoot) } });
  sendBody(
    x.res,
    200,
    { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
    body,
    x.headOnly,
  );
  return true;
}
