import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Http2SecureServer } from 'node:http2';
import type * as https from 'node:https';
import type { Duplex } from 'node:stream';
import type { ResolvedOptions } from '../config';
import { urlHost } from '../http';
import type { PipelineConfig } from '../pipeline';
import {
  answerPlainHttpOnTls,
  bind,
  closeListener,
  createListener,
  createRedirectListener,
  loadTlsMaterial,
  watchCertificates,
  type CertWatch,
  type Diagnose,
  type Listener,
  type ResponseTracker,
  type TlsMaterial,
} from '../transport';

export interface ServerAddress {
  protocol: 'http' | 'https';
  host: string;
  port: number;
  /** A URL a browser on this machine can open. */
  url: string;
  /** The plain-HTTP port that redirects to HTTPS, if any. */
  redirectPort?: number;
}

/** A server's listeners while it runs. */
export interface Bound {
  main: Listener;
  redirect?: Listener;
  /** Watches the certificate files of a TLS listener, to use renewed ones at once. */
  certificates?: CertWatch;
  address: ServerAddress;
}

/** What the listeners hand requests to. */
export interface ListenerHandlers {
  request(req: IncomingMessage, res: ServerResponse): void;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** The configuration the redirect listener answers with. */
  config(): PipelineConfig | undefined;
  responses: ResponseTracker;
  diagnose: Diagnose;
}

/** Binds the main listener (and the HTTP → HTTPS redirect, if asked); on failure nothing stays bound. */
export async function bindListeners(o: ResolvedOptions, h: ListenerHandlers): Promise<Bound> {
  const tls: TlsMaterial | undefined = o.tls ? await loadTlsMaterial(o.tls) : undefined;
  const main = createListener(o, tls, h.request, h.diagnose);
  main.on('upgrade', h.upgrade);
  // http:// typed for this https:// server: an answer (a redirect, for a browser), not a closed connection.
  if (tls)
    answerPlainHttpOnTls(
      main,
      createRedirectListener(o, h.config, 'same', h.responses.track, h.diagnose) as Server,
      o.headersTimeoutMs,
    );
  const port = await bind(main, o.host, o.port, o.portFallback);
  let redirect: Listener | undefined;
  if (o.redirectPort !== undefined) {
    redirect = createRedirectListener(o, h.config, port, h.responses.track, h.diagnose);
    try {
      await bind(redirect, o.host, o.redirectPort, 0);
    } catch (err) {
      await closeListener(main, 0);
      throw err;
    }
  }
  const protocol = tls ? 'https' : 'http';
  const certificates = o.tls
    ? watchCertificates(main as https.Server | Http2SecureServer, o.tls, h.diagnose)
    : undefined;
  return {
    main,
    redirect,
    certificates,
    address: {
      protocol,
      host: o.host,
      port,
      url: `${protocol}://${urlHost(o.host)}:${port}/`,
      redirectPort: o.redirectPort,
    },
  };
}

/** Closes the listeners, letting responses finish for up to `deadlineMs`. */
export async function closeListeners(bound: Bound, deadlineMs: number, responses: ResponseTracker): Promise<void> {
  bound.certificates?.close();
  await Promise.all([
    closeListener(bound.main, deadlineMs, responses.watchResponses),
    bound.redirect && closeListener(bound.redirect, deadlineMs, responses.watchResponses),
  ]);
}
