import { answerPhonePage } from '../../share';
import type { Exchange } from '../exchange';

/**
 * While shared, the phone's page (where the QR code leads) and the local CA's certificate for
 * it: after the guard, so only a client with the token gets them; before live reload's routes,
 * which own the rest of /__ferrox/.
 */
export function phonePage(x: Exchange): boolean | Promise<boolean> {
  const target = x.target;
  if (!x.cfg.access || !target?.ok || target.segments[0] !== '__ferrox') return false;
  const tls = x.cfg.options.tls;
  return answerPhonePage(x.req, x.res, '/' + target.segments.join('/'), { https: tls !== undefined, caFile: tls?.ca });
}
