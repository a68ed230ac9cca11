import { EventEmitter } from 'node:events';
import * as path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2SecureServer } from 'node:http2';
import type * as https from 'node:https';
import type { Duplex } from 'node:stream';
import { FileCache, ListingCache, RouteMemo, type ContentOverlay } from '../files';
import { sendError } from '../http';
import type { ChangeSource, ElementPath, Subscription } from '../live';
import { parseProxyRules, ProxyPool } from '../proxy';
import type { AccessLogEntry } from './accessLog';
import type { BrowserMessage } from './browserConsole';
import { buildHandlerConfig, handleRequest, type HandlerConfig } from './handler';
import { urlHost } from './hostCheck';
import { tryHotPath, type FullPath } from './hotPath';
import { applyTimeouts, bind, closeListener, createListener, type Diagnose, type Listener } from './listeners';
import { LiveBinding, type RevealEvent } from './liveBinding';
import { needsRebind, resolveOptions, type ResolvedOptions, type ServerOptions } from './options';
import { watchCertificates, type CertWatch } from './certWatch';
import { handleUpgrade } from './proxyRoute';
import { createRedirectListener } from './redirect';
import { ResponseTracker } from './responseTracker';
import { resolveRoot } from './root';
import { loadTlsMaterial, type TlsMaterial } from './tlsMaterial';

export interface ServerAddress {
  protocol: 'http' | 'https';
  host: string;
  port: number;
  /** A URL a browser on this machine can open. */
  url: string;
  /** The plain-HTTP port that redirects to HTTPS, if any. */
  redirectPort?: number;
}

export interface Diagnostic {
  level: 'debug' | 'warning' | 'error';
  message: string;
  error?: Error;
}

export interface FerroxServerEvents {
  access: [AccessLogEntry];
  diagnostic: [Diagnostic];
  /** A served page's console message (with live reload and browserConsole on). */
  browserConsole: [BrowserMessage];
}

interface Bound {
  main: Listener;
  redirect?: Listener;
  /** Watches the certificate files of a TLS listener, to use renewed ones at once. */
  certificates?: CertWatch;
  address: ServerAddress;
}

/**
 * The Ferrox static server. Options are validated in the constructor and in reconfigure();
 * requests never throw out of it: failures become statuses and `diagnostic` events.
 */
export class FerroxServer extends EventEmitter<FerroxServerEvents> {
  private opts: ResolvedOptions;
  private bound: Bound | undefined;
  private config: HandlerConfig | undefined;
  private readonly responses = new ResponseTracker(() => this.listenerCount('access') > 0, (entry) => this.emit('access', entry));
  private transition: Promise<unknown> = Promise.resolve();
  private readonly live = new LiveBinding({
    roots: () => ({ root: this.opts.root, realRoot: this.realRoot }),
    overlay: () => this.overlay,
    onConsole: (message) => this.emit('browserConsole', message),
  });
  private changeSubscription: Subscription | undefined;
  private overlay: ContentOverlay | undefined;
  // Its own folder watches also tell the URL memo that paths may resolve differently now.
  private readonly cache = new FileCache(undefined, () => this.routes.clear());
  private readonly routes = new RouteMemo();
  private readonly listings = new ListingCache();
  /** Backend connections and WebSocket tunnels of the proxy rules. */
  private readonly proxies = new ProxyPool();
  private realRoot = '';

  constructor(options: ServerOptions) {
    super();
    this.opts = resolveOptions(options);
  }

  get options(): ResolvedOptions {
    return this.opts;
  }

  /** The bound address, or undefined while stopped. */
  get address(): ServerAddress | undefined {
    return this.bound?.address;
  }

  /** Where live reload learns of changed files. The host owns (and disposes) the source. */
  setChangeSource(source: ChangeSource | undefined): void {
    this.changeSubscription?.dispose();
    this.changeSubscription = source?.onChange((change) => this.forget(change.path));
    this.live.attach(source);
  }

  /** Drops what the caches know of a changed path (given under the root or the real root). */
  private forget(filePath: string): void {
    const root = this.opts.root;
    const rel = path.relative(root, filePath);
    const real = this.realRoot && !rel.startsWith('..') && !path.isAbsolute(rel) ? path.join(this.realRoot, rel) : filePath;
    this.cache.invalidate(real);
    // A created, deleted or renamed path can change what any URL resolves to.
    this.routes.clear();
  }

  /** Unsaved editor text to serve instead of the disk's. */
  setContentOverlay(overlay: ContentOverlay | undefined): void {
    this.overlay = overlay;
    if (this.config) this.config = { ...this.config, overlay };
  }

  /** Tells live reload that a file changed without a file-system event (unsaved text). */
  notifyChange(filePath: string): void {
    this.live.notify(filePath);
  }

  /** Responses in flight: being answered, or streaming (live-reload streams count too). */
  get inFlight(): number {
    return this.responses.inFlight;
  }

  /** Browsers currently connected for live reload. */
  get liveReloadClients(): number {
    return this.live.clients;
  }

  /** Outlines an element (sourceMap's ElementPath) in the browsers showing `filePath`; undefined clears it. */
  highlight(filePath: string, element: ElementPath | undefined): void {
    this.live.highlight(filePath, element);
  }

  /** Pages send Alt+clicks to `handler`, as the file and the element's path; undefined stops it. */
  setRevealHandler(handler: ((event: RevealEvent) => void) | undefined): void {
    this.live.setRevealHandler(handler);
  }

  /** Starts listening; resolves with the bound address. Calling it while running returns the address. */
  start(): Promise<ServerAddress> {
    return this.serialise(async () => this.bound?.address ?? this.open(this.opts).then((b) => (this.bound = b).address));
  }

  /** Stops accepting, lets in-flight responses finish (up to shutdownTimeoutMs), and closes every socket. */
  stop(): Promise<void> {
    return this.serialise(async () => {
      const bound = this.bound;
      this.bound = undefined;
      if (bound) await this.close(bound, this.opts.shutdownTimeoutMs);
      this.cache.close();
      this.listings.close();
      this.routes.clear();
      this.proxies.close();
    });
  }

  /**
   * Applies new options. Invalid options throw and leave the running server untouched. The
   * listener is rebound only when the address, TLS or header-size settings changed; otherwise
   * the new settings apply to the next request.
   */
  async reconfigure(options: ServerOptions): Promise<ServerAddress | undefined> {
    const next = resolveOptions(options);
    return this.serialise(async () => {
      const current = this.bound;
      if (!current) {
        this.opts = next;
        return undefined;
      }
      if (!needsRebind(this.opts, next)) {
        this.config = await this.prepare(next);
        applyTimeouts(current.main, next);
        if (current.redirect) applyTimeouts(current.redirect, next);
        this.opts = next;
        return current.address;
      }
      // The same port, even on another address (127.0.0.1 after 0.0.0.0), overlaps the old bind.
      const samePort = next.port === this.opts.port && next.port !== 0;
      if (samePort) {
        // The old listener must let go of the port first; if the new one then fails, bring the old back.
        await this.close(current, this.opts.shutdownTimeoutMs);
        this.bound = undefined;
        try {
          this.bound = await this.open(next);
        } catch (err) {
          this.bound = await this.open(this.opts).catch(() => undefined);
          throw err;
        }
      } else {
        this.bound = await this.open(next);
        await this.close(current, this.opts.shutdownTimeoutMs, true);
      }
      this.opts = next;
      return this.bound.address;
    });
  }

  private serialise<T>(work: () => Promise<T>): Promise<T> {
    const run = this.transition.then(work, work);
    this.transition = run.catch(() => undefined);
    return run;
  }

  private async prepare(o: ResolvedOptions): Promise<HandlerConfig> {
    const realRoot = await resolveRoot(o.root);
    await this.live.configure(o, realRoot);
    if (realRoot !== this.realRoot) {
      this.cache.clear();
      this.listings.close();
      this.routes.clear();
      this.realRoot = realRoot;
    }
    // New proxy rules, routing conventions or 404 page change what targets lead to.
    this.routes.clear();
    const rules = parseProxyRules(o.proxy, []);
    const proxy = rules.length > 0 ? { rules, pool: this.proxies, onFailure: (m: string) => this.diagnose('warning', m) } : undefined;
    return buildHandlerConfig(o, realRoot, (err, file) => this.diagnose('warning', `Reading ${file} failed mid-response: ${err.message}`, err),
      { live: this.live.current, overlay: this.overlay, cache: this.cache, routes: this.routes, listings: this.listings, proxy });
  }

  private async open(o: ResolvedOptions): Promise<Bound> {
    try {
      return await this.bindAll(o);
    } catch (err) {
      // Nothing serves now: live reload (made by prepare) must not outlive a failed start.
      if (!this.bound) this.live.close();
      throw err;
    }
  }

  private async bindAll(o: ResolvedOptions): Promise<Bound> {
    const config = await this.prepare(o);
    const tls: TlsMaterial | undefined = o.tls ? await loadTlsMaterial(o.tls) : undefined;
    const main = createListener(o, tls, (req, res) => this.onRequest(req, res), this.diagnose);
    main.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
    const port = await bind(main, o.host, o.port, o.portFallback);
    let redirect: Listener | undefined;
    if (o.redirectPort !== undefined) {
      redirect = createRedirectListener(o, () => this.config, port, this.responses.track, this.diagnose);
      try {
        await bind(redirect, o.host, o.redirectPort, 0);
      } catch (err) {
        await closeListener(main, 0);
        throw err;
      }
    }
    this.config = config;
    const protocol = tls ? 'https' : 'http';
    const certificates = o.tls ? watchCertificates(main as https.Server | Http2SecureServer, o.tls, this.diagnose) : undefined;
    return { main, redirect, certificates, address: { protocol, host: o.host, port, url: `${protocol}://${urlHost(o.host)}:${port}/`, redirectPort: o.redirectPort } };
  }

  /** Closes a listener. `keepLive` keeps live reload for a listener that replaces this one. */
  private async close(bound: Bound, deadlineMs: number, keepLive = false): Promise<void> {
    // Event streams never finish by themselves: end them first so stop() need not wait.
    if (keepLive) this.live.dropClients();
    else this.live.close();
    // Upgraded sockets belong to no HTTP server: closing the listener would wait for them.
    this.proxies.closeTunnels();
    bound.certificates?.close();
    await Promise.all([
      closeListener(bound.main, deadlineMs, this.responses.watchResponses),
      bound.redirect && closeListener(bound.redirect, deadlineMs, this.responses.watchResponses),
    ]);
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const config = this.config;
    this.responses.track(req, res);
    if (!config) {
      sendError(res, 503, 'The server is restarting.', req.method === 'HEAD');
      return;
    }
    if (!tryHotPath(config, req, res, this.fullPath)) this.fullPath(config, req, res);
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const started = Date.now();
    handleUpgrade(this.config, req, socket, head, (status, upstreamMs, target) => {
      this.responses.upgraded(req, status, Date.now() - started, socket, target ? { target, ms: upstreamMs } : undefined);
    });
  }

  private readonly fullPath: FullPath = (config, req, res) => {
    handleRequest(config, req, res).catch((err: Error) => {
      this.diagnose('error', `Request for ${req.url} failed: ${err.message}`, err);
      sendError(res, 500, 'The server could not answer this request.', req.method === 'HEAD');
    });
  };

  private readonly diagnose: Diagnose = (level, message, error) => {
    this.emit('diagnostic', { level, message, error });
  };
}
