import * as http from 'node:http';
import * as net from 'node:net';
import type { TransportOptions } from '../config';
import {
  applyBaseHeaders,
  CountedResponse,
  hostName,
  refusalOf,
  sameOriginLocation,
  sendError,
  sendRedirect,
  urlHost,
  type BaseHeaders,
  type HostPolicy,
} from '../http';
import { applyTimeouts, CONNECTIONS_CHECK_MS, watchServerErrors, type Diagnose, type Listener } from './listeners';

/** What the redirect needs of the running configuration: which Host names to answer, and the headers every answer carries. */
export interface RedirectGuard {
  hostPolicy: HostPolicy;
  baseHeaders: BaseHeaders;
}

/**
 * The plain-HTTP companion of a TLS server: every request gets a 301 to the same path on the
 * HTTPS port. The Host check still applies, so the redirect cannot be aimed at another site.
 * `'same'`: plain HTTP that arrived on the HTTPS port itself (plainOnTls.ts): a browser's
 * navigation is redirected to https:// on that port, anything else gets a 400 naming it; the
 * connection closes after the answer.
 */
export function createRedirectListener(
  o: TransportOptions,
  config: () => RedirectGuard | undefined,
  httpsPort: number | 'same',
  track: (req: http.IncomingMessage, res: http.ServerResponse) => void,
  diagnose: Diagnose,
): Listener {
  const server = http.createServer(
    {
      maxHeaderSize: o.maxHeaderSize,
      connectionsCheckingInterval: CONNECTIONS_CHECK_MS,
      ServerResponse: CountedResponse,
    },
    (req, res) => {
      track(req, res);
      const cfg = config();
      const headOnly = req.method === 'HEAD';
      if (httpsPort === 'same') res.setHeader('Connection', 'close');
      if (!cfg) {
        sendError(res, 503, 'The server is restarting.', headOnly);
        return;
      }
      applyBaseHeaders(res, cfg.baseHeaders);
      // The one guard, without a share gate: this listener only points at HTTPS, where the token is asked for.
      const refusal = refusalOf({ hostPolicy: cfg.hostPolicy }, req, false);
      if (refusal && 'status' in refusal) {
        sendError(res, refusal.status, refusal.message, headOnly);
        return;
      }
      const header = req.headers.host;
      const name = header === undefined ? undefined : hostName(header);
      const host = name === undefined ? urlHost(o.host) : net.isIPv6(name) ? `[${name}]` : name;
      const port = httpsPort === 'same' ? req.socket.localPort : httpsPort;
      // The path alone (leading slashes collapsed), so the Location always stays on this host.
      const location = `https://${host}:${port}${sameOriginLocation(req.url ?? '/')}`;
      if (httpsPort === 'same' && !isNavigation(req)) {
        sendError(res, 400, `This port speaks HTTPS: ask for ${location}`, headOnly);
        return;
      }
      sendRedirect(res, location, headOnly);
    },
  );
  applyTimeouts(server, o);
  watchServerErrors(server, diagnose);
  return server;
}

/** A browser going to a page (not a script's fetch, not curl): where a redirect helps rather than hides the mistake. */
function isNavigation(req: http.IncomingMessage): boolean {
  return req.headers['sec-fetch-mode'] === 'navigate' || req.headers['upgrade-insecure-requests'] === '1';
}
