import { applyBaseHeaders, crossOrigin, sendError } from '../../http';
import { LIVE_ROUTES } from '../../live';
import type { Exchange } from '../exchange';

const LIVE_SEGMENT = LIVE_ROUTES.prefix.slice(1, -1);

/**
 * The step for live reload's own routes under /__ferrox/ (the client script, the event stream,
 * pages' console and Alt+click POSTs): they check their own methods. Only while live reload is
 * on; otherwise such a path is a path like any other.
 */
export function liveRoutes(x: Exchange): boolean {
  const { live } = x.cfg;
  const target = x.target;
  if (!live || !target?.ok || target.segments[0] !== LIVE_SEGMENT) return false;
  // The server's own routes never answer another origin, whatever CORS says for the files: the
  // instance id in `hello` is what lets a page post console entries and Alt+clicks.
  applyBaseHeaders(x.res, x.cfg.ownHeaders);
  if (crossOrigin(x.req)) {
    sendError(x.res, 403, 'Live reload answers only the pages of this server.', x.headOnly);
    return true;
  }
  live.handle('/' + target.segments.join('/'), x.req, x.res);
  return true;
}
