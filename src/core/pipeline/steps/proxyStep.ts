import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { absoluteFormAuthority, hostName, hostOf, refusalOf, sendError } from '../../http';
import { withoutToken } from '../../share';
import {
  forwardRequest,
  forwardUpgrade,
  refuseUpgrade,
  routeToProxy,
  type ClientInfo,
  type ProxyRefusal,
  type ProxyRoute,
} from '../../proxy';
import { answerDown, askedLocally, isPageRefresh, refreshPage } from '../answers/backendPage';
import type { Exchange, ForwardBase, PipelineConfig } from '../exchange';
import { proxiedTag } from '../answers/liveTag';

/** The route for a request, if a rule takes its path (an absolute-form target by its path). */
function routeOf(cfg: PipelineConfig, rawTarget: string): ProxyRoute | ProxyRefusal | undefined {
  if (!cfg.proxy) return undefined;
  const authority = absoluteFormAuthority(rawTarget);
  const originForm =
    authority === undefined ? rawTarget : rawTarget.slice(rawTarget.indexOf(authority) + authority.length) || '/';
  return routeToProxy(cfg.proxy.rules, originForm, cfg.proxy.servedHere);
}

/** A request for Werkzeug's interactive debugger (`?__debugger__=…`, as Werkzeug decodes the query): its console runs Python here. */
export function callsDebugger(target: string): boolean {
  const q = target.indexOf('?');
  if (q < 0) return false;
  for (const name of new URLSearchParams(target.slice(q + 1).split('#')[0]).keys())
    if (name === '__debugger__') return true;
  return false;
}

function clientOf(cfg: PipelineConfig, req: IncomingMessage): ClientInfo {
  return {
    address: req.socket.remoteAddress ?? '',
    host: hostOf(req),
    encrypted: (req.socket as TLSSocket).encrypted === true,
    trustForwarded: cfg.options.trustProxy,
  };
}

/** What every request forwarded from this exchange shares: the pool, who asks, and what of theirs the backend never sees. */
export function forwardBase(
  cfg: PipelineConfig,
  req: IncomingMessage,
  pool: ForwardBase['pool'],
  onFailure: ForwardBase['onFailure'],
): ForwardBase {
  const client = clientOf(cfg, req);
  return {
    pool,
    client,
    local: { origin: `${client.encrypted ? 'https' : 'http'}://${client.host ?? 'localhost'}` },
    credentials: cfg.access?.credentialsOf(req),
    onFailure,
  };
}

/**
 * The step: a path a proxy rule takes goes to its backend whatever the method (the backend
 * decides what it answers), with the raw target's bytes. HTML it answers gets the live-reload tag
 * unless the rule or the request opts out. While the site's backend is down, its paths get the
 * page that says so; a backend's page fetching itself again gets its update (backendPage.ts).
 */
export function proxied(x: Exchange): boolean {
  const { cfg, req, res } = x;
  const route = routeOf(cfg, req.url ?? '/');
  if (!route || !cfg.proxy) return false;
  if ('refused' in route) {
    sendError(res, 400, route.refused, x.headOnly);
    return true;
  }
  // While shared, the backend never learns the token (a non-GET may still carry one in its URL).
  if (cfg.access) route.upstreamPath = withoutToken(route.upstreamPath);
  // Every request reaches a backend from loopback, so its "local only" checks pass for everyone:
  // the one that runs code on this machine (Werkzeug's debugger console) answers this machine alone.
  if (callsDebugger(route.upstreamPath) && !askedLocally(x)) {
    sendError(
      res,
      403,
      'The Werkzeug debugger runs code on the machine that serves this site: it answers only that machine.',
      x.headOnly,
    );
    return true;
  }
  const base = forwardBase(cfg, req, cfg.proxy.pool, cfg.proxy.onFailure);
  const site = cfg.proxy.site;
  const down = site && route.rule === site.rule ? site.down?.(askedLocally(x)) : undefined;
  if (route.rule.live && isPageRefresh(x)) {
    refreshPage(x, route, base, down);
    return true;
  }
  if (down !== undefined) {
    answerDown(x, down);
    return true;
  }
  // An HTTP/2 stream's idle timeout guards static answers; a backend's long answer (SSE) may idle longer.
  (res as typeof res & { stream?: { setTimeout(ms: number): void } }).stream?.setTimeout(0);
  forwardRequest(req, res, route, { ...base, inject: proxiedTag(cfg, req, route.rule.live) });
  return true;
}

/**
 * An HTTP/1.1 Upgrade (a WebSocket): forwarded when a rule with `ws` on takes its path, after the
 * same guard as any request; refused otherwise. `cfg` is undefined while the server restarts.
 */
export function upgrade(
  cfg: PipelineConfig | undefined,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  onDone?: (status: number, upstreamMs: number, target?: string) => void,
): void {
  socket.on('error', () => undefined);
  const refuse = (status: number, message: string) => {
    refuseUpgrade(socket, status, message);
    onDone?.(status, 0);
  };
  if (!cfg) return refuse(503, 'The server is restarting.');
  const refusal = refusalOf(cfg, req, true);
  if (refusal)
    return 'gate' in refusal
      ? refuse(401, 'This server is shared: the request needs its access token.')
      : refuse(refusal.status, refusal.message);
  // Only WebSockets: an h2c upgrade forwarded as a tunnel would smuggle requests past every check.
  if (
    String(req.headers.upgrade ?? '')
      .trim()
      .toLowerCase() !== 'websocket'
  )
    return refuse(400, 'Only WebSocket upgrades are forwarded.');
  const route = routeOf(cfg, req.url ?? '/');
  if (!route || !cfg.proxy) return refuse(404, 'Upgrades (WebSockets) are forwarded only on paths a proxy rule takes.');
  if ('refused' in route) return refuse(400, route.refused);
  if (!route.rule.ws)
    return refuse(403, `The proxy rule ${route.rule.prefix || '/'} does not forward WebSockets ("ws": false).`);
  if (route.rule.checkOrigin && !sameSiteOrigin(cfg, req)) {
    return refuse(
      403,
      `The proxy rule ${route.rule.prefix || '/'} takes WebSockets only from this server's pages (set "checkOrigin": false to allow others).`,
    );
  }
  // A WebSocket may carry the access token in its URL; the backend never sees it.
  if (cfg.access) route.upstreamPath = withoutToken(route.upstreamPath);
  forwardUpgrade(req, socket, head, route, {
    pool: cfg.proxy.pool,
    client: clientOf(cfg, req),
    credentials: cfg.access?.credentialsOf(req),
    onFailure: cfg.proxy.onFailure,
    onDone: (status, ms) => onDone?.(status, ms, new URL(route.upstreamPath, route.rule.target).href),
  });
}

/**
 * A WebSocket handshake from a browser names the page's origin, and no CORS protects a socket:
 * any site's page could open one with the user's cookies (cross-site WebSocket hijacking). It is
 * forwarded when the Origin is this server's own (the Host it was asked by) or a host the user
 * allowed by name; a client that sends no Origin is not a browser page.
 */
function sameSiteOrigin(cfg: PipelineConfig, req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const host = hostOf(req);
  if (host !== undefined && url.host.toLowerCase() === host.toLowerCase()) return true;
  const name = hostName(url.host);
  return (
    name !== undefined &&
    cfg.options.allowedHosts.some((h) =>
      h.startsWith('*.') ? name.endsWith(h.slice(1)) && name.length > h.length - 1 : name === h,
    )
  );
}
