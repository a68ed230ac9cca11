import { parseTarget, sendError } from '../../http';
import type { Exchange } from '../exchange';
import { answerWithSitePage } from '../answers/notFoundRoute';

/**
 * The step that decodes the target, once (http/requestPath.ts). It answers nothing: live reload's
 * routes need the decoded path, while a proxy rule forwards the raw bytes, so a bad target is
 * refused only later (`refuseBadTarget`), after both have had their turn.
 */
export function decodeTarget(x: Exchange): boolean {
  x.target = parseTarget(x.req.url ?? '/');
  return false;
}

/**
 * The step that refuses a target that does not decode (400), climbs out (403) or names a hidden
 * file (404: with the site's own 404 page when it has one, as for any file that is not there).
 */
export function refuseBadTarget(x: Exchange): boolean | Promise<boolean> {
  const target = x.target;
  if (!target || target.ok) return false;
  if (target.status !== 404) {
    sendError(x.res, target.status, target.reason, x.headOnly);
    return true;
  }
  return answerWithSitePage(x.cfg, x.req, x.res).then((answered) => {
    if (!answered) sendError(x.res, target.status, target.reason, x.headOnly);
    return true;
  });
}
