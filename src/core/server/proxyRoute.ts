import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { hostOf } from '../http';
import { optsOutOfLive, type LiveReload } from '../live';
import {
  forwardRequest, forwardUpgrade, refuseUpgrade, routeToProxy, type ClientInfo, type ProxyPool, type ProxyRoute, type ProxyRule,
} from '../proxy';
import type { AccessGate } from './accessToken';
import type { HostPolicy } from './hostCheck';

/** The proxy part of a configuration. */
export interface ProxySetup {
  rules: readonly ProxyRule[];
  pool: ProxyPool;
  onFailure: (message: string) => void;
}

/** What routing a request to a backend needs from the configuration. */
export interface ProxyingConfig {
  proxy?: ProxySetup;
  live?: LiveReload;
  access?: AccessGate;
  hostPolicy: HostPolicy;
}

/** The route for a request, if a rule takes its path (origin-form targets only). */
export function proxyRouteFor(cfg: ProxyingConfig, rawTarget: string): ProxyRoute | undefined {
  return cfg.proxy && routeToProxy(cfg.proxy.rules, rawTarget);
}

function clientOf(req: IncomingMessage): ClientInfo {
  return { address: req.socket.remoteAddress ?? '', host: hostOf(req), encrypted: (req.socket as TLSSocket).encrypted === true };
}

/**
 * Forwards a request that passed the Host check and the access gate. HTML the backend answers
 * gets the live-reload tag unless the rule or the request opts out.
 */
export function proxyRequest(cfg: ProxyingConfig & { proxy: ProxySetup }, req: IncomingMessage, res: ServerResponse, route: ProxyRoute): void {
  const client = clientOf(req);
  const live = route.rule.live ? cfg.live : undefined;
  // Made only for an answer that is HTML: most proxied answers (JSON, assets) never need it.
  const inject = live && (() => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    return optsOutOfLive(req, q < 0 ? '' : url.slice(q)) ? undefined : live.proxiedSnippet(Math.max(0, rawPath.split('/').length - 2));
  });
  // An HTTP/2 stream's idle timeout guards static answers; a backend's long answer (SSE) may idle longer.
  (res as ServerResponse & { stream?: { setTimeout(ms: number): void } }).stream?.setTimeout(0);
  forwardRequest(req, res, route, {
    pool: cfg.proxy.pool,
    client,
    local: { origin: `${client.encrypted ? 'https' : 'http'}://${client.host ?? 'localhost'}` },
    credentials: cfg.access?.credentialsOf(req),
    inject,
    onFailure: cfg.proxy.onFailure,
  });
}

/**
 * An HTTP/1.1 Upgrade (a WebSocket): forwarded when a rule with `ws` on takes its path, after the
 * same Host check and access gate as any request; refused otherwise.
 */
export function handleUpgrade(cfg: ProxyingConfig | undefined, req: IncomingMessage, socket: Duplex, head: Buffer,
  onDone?: (status: number, upstreamMs: number, target?: string) => void): void {
  socket.on('error', () => undefined);
  const refuse = (status: number, message: string) => {
    refuseUpgrade(socket, status, message);
    onDone?.(status, 0);
  };
  if (!cfg) return refuse(503, 'The server is restarting.');
  const host = hostOf(req);
  if (!cfg.hostPolicy.allows(host)) return refuse(403, `This server does not answer to the host name "${host}".`);
  if (cfg.access && !cfg.access.allows(req) && !cfg.access.queryTokenIn(req)) return refuse(401, 'This server is shared: the request needs its access token.');
  const route = proxyRouteFor(cfg, req.url ?? '/');
  if (!route || !cfg.proxy) return refuse(404, 'Upgrades (WebSockets) are forwarded only on paths a proxy rule takes.');
  if (!route.rule.ws) return refuse(403, `The proxy rule ${route.rule.prefix || '/'} does not forward WebSockets ("ws": false).`);
  // A WebSocket may carry the access token in its URL; the backend never sees it.
  if (cfg.access) route.upstreamPath = withoutToken(route.upstreamPath);
  forwardUpgrade(req, socket, head, route, {
    pool: cfg.proxy.pool,
    client: clientOf(req),
    credentials: cfg.access?.credentialsOf(req),
    onFailure: cfg.proxy.onFailure,
    onDone: (status, ms) => onDone?.(status, ms, new URL(route.upstreamPath, route.rule.target).href),
  });
}

function withoutToken(target: string): string {
  const q = target.indexOf('?');
  if (q < 0) return target;
  const params = new URLSearchParams(target.slice(q + 1));
  if (!params.has('token')) return target;
  params.delete('token');
  const rest = params.toString();
  return target.slice(0, q) + (rest ? `?${rest}` : '');
}
