import { refusalOf, sendError } from '../../http';
import type { Exchange } from '../exchange';

/** The pipeline's step: answers a request the guard (http's `refusalOf`, the one every listener uses) refuses. */
export function guard(x: Exchange): boolean {
  const refusal = refusalOf(x.cfg, x.req, false);
  if (!refusal) return false;
  if ('gate' in refusal) x.cfg.access?.refuse(x.req, x.res);
  else sendError(x.res, refusal.status, refusal.message, x.headOnly);
  return true;
}
