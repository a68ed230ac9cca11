import type { IncomingMessage } from 'node:http';
import type { HostPolicy } from './hosts';
import { absoluteFormAuthority } from './requestPath';
import { hostOf } from './respond';

/** What the guard asks of a share gate (share/'s AccessGate). */
export interface AccessCheck {
  /** The request carries the token in a header or cookie. */
  allows(req: IncomingMessage): boolean;
  /** The query carries the right token (for an Upgrade, which cannot follow a redirect). */
  queryTokenIn(req: IncomingMessage): boolean;
  /** A navigation with a token in its URL, to be sent to the URL without it (undefined: none). */
  redirectFor(req: IncomingMessage): unknown;
}

/** What the guard checks a request against: the names this server answers to, and its share gate while shared. */
export interface GuardConfig {
  hostPolicy: HostPolicy;
  access?: AccessCheck;
}

/** Why a request may not pass the guard: a status and its message, or the share gate's own answer. */
export type Refusal = { status: 400 | 401 | 403; message: string } | { gate: true };

/**
 * The one guard every request and every Upgrade passes before anything is read, forwarded or
 * redirected — by the pipeline, by the hot path (which then leaves the request to the pipeline)
 * and by the plain-HTTP redirect listener (which has no share gate: it only points at HTTPS) —
 * in this order: the Host must name this server (DNS rebinding; HTTP/2 may not name two); a
 * shared server needs its token (the gate answers: 303 to the URL without it, or 401); an
 * absolute-form target may not name another host (this server is nobody's proxy). An Upgrade
 * may carry the token in its query, since a WebSocket cannot follow the redirect that sets the cookie.
 */
export function refusalOf(cfg: GuardConfig, req: IncomingMessage, upgrade: boolean): Refusal | undefined {
  // HTTP/2 may name the host twice (:authority and a Host header): the check must read the one the answer goes by.
  if (conflictingHosts(req))
    return { status: 400, message: 'The request names two different hosts (:authority and Host).' };
  const host = hostOf(req);
  if (!cfg.hostPolicy.allows(host)) {
    return {
      status: 403,
      message:
        `This server does not answer to the host name "${host}". Requests must name localhost or an IP address; ` +
        'add the name to allowedHosts to accept it. (This protects the server from DNS-rebinding attacks.)',
    };
  }
  if (cfg.access) {
    if (upgrade) {
      if (!cfg.access.allows(req) && !cfg.access.queryTokenIn(req))
        return { status: 401, message: 'This server is shared: the request needs its access token.' };
    } else if (!cfg.access.allows(req) || cfg.access.redirectFor(req)) {
      return { gate: true };
    }
  }
  const authority = absoluteFormAuthority(req.url ?? '/');
  if (authority !== undefined && !cfg.hostPolicy.allows(authority)) {
    // `GET http://other/ HTTP/1.1`: a forward-proxy request.
    return { status: 400, message: `This server is not a proxy: the request names the host "${authority}".` };
  }
  return undefined;
}

/** An HTTP/2 request whose Host header and :authority disagree. */
export function conflictingHosts(req: IncomingMessage): boolean {
  const authority = req.headers[':authority'];
  const host = req.headers.host;
  return typeof authority === 'string' && host !== undefined && authority.toLowerCase() !== host.toLowerCase();
}
