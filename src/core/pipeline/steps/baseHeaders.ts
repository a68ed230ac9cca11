import { applyBaseHeaders } from '../../http';
import type { Exchange } from '../exchange';

/** The step that marks the headers every answer carries (nosniff, CORS, the user's), refusals included. */
export function baseHeaders(x: Exchange): boolean {
  applyBaseHeaders(x.res, x.cfg.baseHeaders);
  return false;
}
