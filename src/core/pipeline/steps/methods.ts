import { sendError, writeHead } from '../../http';
import type { Exchange } from '../exchange';
import { answerFormPost, isFormPost } from '../answers/formPost';

const ALLOW = 'GET, HEAD';

/** The step that answers a CORS preflight, while CORS is on. */
export function corsPreflight(x: Exchange): boolean {
  if (x.req.method !== 'OPTIONS' || !x.cfg.options.cors) return false;
  writeHead(x.res, 204, {
    Allow: ALLOW,
    'Access-Control-Allow-Methods': ALLOW,
    'Access-Control-Allow-Headers': x.req.headers['access-control-request-headers'] ?? 'Range',
    'Access-Control-Max-Age': '600',
  });
  x.res.end();
  return true;
}

/**
 * The step after which the server only reads files: any other method gets 405; a form's POST
 * gets a page that shows what it sent and how to have a server take it.
 */
export function readsOnly(x: Exchange): boolean | Promise<boolean> {
  if (x.req.method === 'GET' || x.req.method === 'HEAD') return false;
  if (isFormPost(x)) return answerFormPost(x).then(() => true);
  sendError(x.res, 405, `The method ${x.req.method} is not allowed; this server only reads files.`, x.headOnly, {
    Allow: ALLOW,
  });
  return true;
}
