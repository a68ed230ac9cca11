import type { OutgoingHttpHeaders } from 'node:http';
import { applyBaseHeaders, crossOrigin, fromThisMachine, insertTag, sendBody, sendError } from '../../http';
import { PAGE_AGAIN_HEADER, PAGE_HEADER, type BackendAnswer } from '../../live';
import { forwardRequest, type ProxyRoute } from '../../proxy';
import type { Exchange, ForwardBase } from '../exchange';
import { pageKey, proxiedTag } from './liveTag';

const HEADER = PAGE_HEADER.toLowerCase();
const AGAIN = PAGE_AGAIN_HEADER.toLowerCase();
/** How long an error answer waits for the backend's log lines about it. */
const LOG_SETTLE_MS = 50;

/** The down page's own scripts are none; the live tag's client ('self') may run, to bring the page back. */
const DOWN_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'self'; connect-src 'self'";

/** Whether the request is a backend's page fetching itself again for a morph (GET with the page's token). */
export function isPageRefresh(x: Exchange): boolean {
  return x.req.method === 'GET' && typeof x.req.headers[HEADER] === 'string' && x.cfg.live !== undefined;
}

/** Whether this machine asked (no hop in between): only it sees a backend's command and output (they may hold what the LAN should not). */
export function askedLocally(x: Exchange): boolean {
  return fromThisMachine(x.req, x.cfg.options.trustProxy);
}

/**
 * A backend's page fetching itself again: Ferrox asks the backend for the page (the same URL,
 * with the page's own cookies), reads the answer whole and answers the page with a
 * BackendPageUpdate instead, never with CORS (it holds what the page was rendered as). `down` is
 * the page standing in for a backend that is not running.
 */
export function refreshPage(x: Exchange, route: ProxyRoute, forward: ForwardBase, down: string | undefined): void {
  const { cfg, req, res } = x;
  const live = cfg.live!;
  applyBaseHeaders(res, cfg.ownHeaders);
  if (crossOrigin(req)) {
    sendError(res, 403, 'A page is fetched again for a morph only by itself.', false);
    return;
  }
  const token = String(req.headers[HEADER]);
  // What the backend writes while it renders the page goes with an error; only this machine sees it.
  const output = askedLocally(x) && route.rule === cfg.proxy?.site?.rule ? cfg.proxy.site.output : undefined;
  const mark = output?.mark() ?? 0;
  const site = route.rule === cfg.proxy?.site?.rule ? cfg.proxy.site : undefined;
  const answer = (a: BackendAnswer, cookies?: OutgoingHttpHeaders['set-cookie']) => {
    let update = live.backendPages.decide(token, pageKey(req), a, output?.since(mark));
    // Still the same on its last look after an edit: most likely a cache in the backend, which the page names.
    if (update.kind === 'unchanged' && req.headers[AGAIN] !== undefined && site?.unchangedNote) {
      update = { kind: 'unchanged', note: site.unchangedNote(live.backendPages.lastEdit) };
    }
    const headers: OutgoingHttpHeaders = {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
    };
    // The backend may have renewed its session while rendering: the browser keeps what it set.
    if (cookies !== undefined) headers['Set-Cookie'] = cookies;
    sendBody(res, 200, headers, JSON.stringify(update), false);
  };
  if (down !== undefined) {
    answer({ status: 503, contentType: 'text/html', text: down });
    return;
  }
  forwardRequest(req, res, route, {
    ...forward,
    collect: (collected, headers) => {
      // A failing backend's log line may still be in the pipe when its answer arrives.
      if (output && collected.status >= 500) setTimeout(() => answer(collected, headers['set-cookie']), LOG_SETTLE_MS);
      else answer(collected, headers['set-cookie']);
    },
  });
}

/**
 * The page that stands in for the site's backend while it is down (503), with the live tag in it
 * so that it fetches itself again, and becomes the site's page, once the backend is back. It may
 * hold the backend's output: never with CORS headers, and another origin may only navigate to it.
 */
export function answerDown(x: Exchange, page: string): void {
  applyBaseHeaders(x.res, x.cfg.ownHeaders);
  if (crossOrigin(x.req) && x.req.headers['sec-fetch-mode'] !== 'navigate') {
    sendError(x.res, 403, 'The page that stands in for the backend is not told to other sites.', x.headOnly);
    return;
  }
  const tag = proxiedTag(x.cfg, x.req, true);
  const made = tag?.tag();
  tag?.keep(page, 503);
  const body = made ? insertTag(Buffer.from(page), made) : Buffer.from(page);
  sendBody(
    x.res,
    503,
    {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Retry-After': '1',
      'Content-Security-Policy': DOWN_CSP,
    },
    body,
    x.headOnly,
  );
}
