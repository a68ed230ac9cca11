import { parseTarget, sendError } from '../http';
import type { Exchange } from './exchange';

/**
 * The step that decodes the target, once (http/requestPath.ts). It answers nothing: live reload's
 * routes need the decoded path, while a proxy rule forwards the raw bytes, so a bad target is
 * refused only later (`refuseBadTarget`), after both have had their turn.
 */
export function decodeTarget(x: Exchange): boolean {
  x.target = parseTarget(x.req.url ?? '/');
  return false;
}

/** The step that refuses a target that does not decode (400), climbs out (403) or names a hidden file (404). */
export function refuseBadTarget(x: Exchange): boolean {
  if (!x.target || x.target.ok) return false;
  sendError(x.res, x.target.status, x.target.reason, x.headOnly);
  return true;
}
