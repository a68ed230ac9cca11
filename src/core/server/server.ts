import { EventEmitter } from 'node:events';
import type { BackendLine, BackendState } from '../backend';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { needsRebind, resolveOptions, type ResolvedOptions, type ServerOptions } from '../config';
import { FileCache, ListingCache, RouteMemo, type ChangeFeed, type ContentOverlay, type Subscription } from '../files';
import type { ConnectedPage, ElementPath, SnapshotAnswer, SnapshotQuery } from '../live';
import { McpEndpoint, oneServerHost, RecentMessages } from '../agents';
import { buildPipelineConfig, Pipeline, type PipelineConfig } from '../pipeline';
import { GRANT_TTL_MS, ShareGrants } from '../share';
import { ProxyPool } from '../proxy';
import type { BrowserMessage } from '../report';
import { applyTimeouts, ResponseTracker, type AccessLogEntry, type Diagnose } from '../transport';
import { FolderWatches } from '../watch';
import { BackendBinding } from './backendBinding';
import { bindListeners, closeListeners, type Bound, type ServerAddress } from './listening';
import { LiveBinding, type RevealEvent } from './liveBinding';
import { PagesReport } from './pagesReport';
import { resolveRoot, resolveSite } from './root';
import { HostFiles } from './hostFiles';
import { HostRules, type HostConfig } from '../hosting';

export type { ServerAddress } from './listening';

export interface Diagnostic {
  level: 'debug' | 'info' | 'warning' | 'error';
  message: string;
  error?: Error;
}

export interface FerroxServerEvents {
  access: [AccessLogEntry];
  diagnostic: [Diagnostic];
  /** A served page's console message (with live reload and browserConsole on). */
  browserConsole: [BrowserMessage];
  /** A line the backend Ferrox runs wrote. */
  backendOutput: [BackendLine];
  backendState: [BackendState];
  /** The pages with live reload connected, once the list settles and reads differently. */
  pages: [ConnectedPage[]];
}

/**
 * The Ferrox static server. Options are validated in the constructor and in reconfigure();
 * requests never throw out of it: failures become statuses and `diagnostic` events.
 */
export class FerroxServer extends EventEmitter<FerroxServerEvents> {
  private opts: ResolvedOptions;
  private bound: Bound | undefined;
  private readonly pipeline = new Pipeline((err, req) =>
    this.diagnose('error', `Request for ${req.url} failed: ${err.message}`, err),
  );
  private readonly responses = new ResponseTracker(
    () => this.listenerCount('access') > 0,
    (entry) => this.emit('access', entry),
  );
  private transition: Promise<unknown> = Promise.resolve();
  private readonly live = new LiveBinding({
    overlay: () => this.overlay,
    onConsole: (message) => {
      this.recentMessages.add(message, this.realRoot);
      this.emit('browserConsole', message);
    },
    onWarning: (message) => this.diagnose('warning', message),
    onInfo: (message) => this.diagnose('info', message),
    onPages: () => this.pagesReport.changed(),
  });
  private readonly pagesReport = new PagesReport(
    () => this.live.pages(),
    (pages) => this.emit('pages', pages),
  );
  /** The backend Ferrox runs (`backend`), or the one the user runs (`backendUrl`). */
  private readonly backend = new BackendBinding({
    onOutput: (line) => this.emit('backendOutput', line),
    onState: (state) => this.emit('backendState', state),
    rendered: () => this.live.rendered(),
    onHint: (message) => this.diagnose('warning', message),
  });
  private overlay: ContentOverlay | undefined;
  private readonly cache = new FileCache();
  private readonly routes = new RouteMemo();
  private readonly listings = new ListingCache();
  /** The server's own feed while its host gives none: it watches only the folders the caches hold. */
  private readonly ownFeed = new FolderWatches();
  /** The one feed of changes the caches and live reload subscribe to. */
  private feed: ChangeFeed = this.ownFeed;
  private feedSubscription: Subscription | undefined;
  /** Backend connections and WebSocket tunnels of the proxy rules. */
  private readonly proxies = new ProxyPool();
  /** Codes that let pages open here before sharing began keep the server (share/). */
  private readonly grants = new ShareGrants();
  private realRoot = '';
  /** The options as given (before defaults): what the user set explicitly wins over a host's file. */
  private given: ServerOptions;
  /** The hosts' files of the served folder (`hostConfig`). */
  private readonly hostFiles = new HostFiles({
    info: (m) => this.diagnose('info', m),
    warning: (m) => this.diagnose('warning', m),
  });
  private hostReload: NodeJS.Timeout | undefined;
  private heldFolders: string[] = [];
  /** What the pages' consoles said lately, for agents' tools. */
  readonly recentMessages = new RecentMessages();
  /** The MCP endpoint (`mcp`): the agents' tools, for this server alone. */
  private readonly mcp = new McpEndpoint(oneServerHost(this), () => this.opts.trustProxy);

  constructor(options: ServerOptions) {
    super();
    this.opts = resolveOptions(options);
    this.given = options;
  }

  get options(): ResolvedOptions {
    return this.opts;
  }

  /** The state of the backend Ferrox runs; undefined when it runs none. */
  get backendState(): BackendState | undefined {
    return this.backend.state;
  }

  /** The bound address, or undefined while stopped. */
  get address(): ServerAddress | undefined {
    return this.bound?.address;
  }

  /**
   * The feed of changes to the served tree: the caches and live reload all learn of a change from
   * it, and nothing else watches the tree. The host owns (and disposes) a feed it gives; with
   * none, the server uses its own, which watches only the folders its caches hold.
   */
  setChangeSource(feed: ChangeFeed | undefined): void {
    this.feed = feed ?? this.ownFeed;
    // The host's feed covers the tree; the root's own watch for backends' pages is then not needed.
    if (feed) this.live.watchRoot(undefined);
    this.wireFeed();
  }

  private wireFeed(): void {
    this.feedSubscription?.dispose();
    // A created, deleted or renamed path can change what any URL resolves to.
    this.feedSubscription = this.feed.onChange((change) => {
      this.routes.clear();
      if (this.hostFiles.concerns(change.path)) this.hostFilesChanged();
    });
    this.routes.clear();
    this.cache.setFeed(this.feed);
    this.listings.setFeed(this.feed);
    this.live.attach(this.feed);
  }

  /** Unsaved editor text to serve instead of the disk's. */
  setContentOverlay(overlay: ContentOverlay | undefined): void {
    this.overlay = overlay;
    if (this.pipeline.config) this.pipeline.config = { ...this.pipeline.config, overlay };
  }

  /**
   * Folders besides the served ones where a source map may name a page's original sources (the
   * editor's workspace folders; the CLI's project): a map's `sources` are looked for on disk only
   * there and in the served folders, never elsewhere and never on a network path.
   */
  setSourceRoots(roots: readonly string[]): void {
    this.live.setSourceRoots(roots);
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

  /** Who is watching: the pages connected for live reload (`describePages` says them in a line). */
  get pages(): ConnectedPage[] {
    return this.live.pages();
  }

  /** Outlines an element (sourceMap's ElementPath) in the browsers showing `filePath`; undefined clears it. */
  highlight(filePath: string, element: ElementPath | undefined): void {
    this.live.highlight(filePath, element);
  }

  /**
   * Takes the connected pages to a file's page (the editor moved there) or to a URL path (Open in
   * Browser, an agent's tool). False when there is no such page, or the path would leave the origin.
   */
  navigate(target: { file: string } | { path: string }): boolean {
    return this.live.navigate(target);
  }

  /** Asks one open page (ConnectedPage.id) what it shows; always ends: the snapshot, or why there is none. */
  snapshot(pageId: string, query: SnapshotQuery = {}): Promise<SnapshotAnswer> {
    return this.live.snapshot(pageId, query);
  }

  /** Reloads the open pages named (ConnectedPage.id); returns how many heard it. */
  reload(pageIds: readonly string[]): number {
    return this.live.reload(pageIds);
  }

  /** Pages send Alt+clicks to `handler`, as the file and the element's path; undefined stops it. */
  setRevealHandler(handler: ((event: RevealEvent) => void) | undefined): void {
    this.live.setRevealHandler(handler);
  }

  /** Starts listening; resolves with the bound address. Calling it while running returns the address. */
  start(): Promise<ServerAddress> {
    return this.serialise(async () => {
      if (this.bound) return this.bound.address;
      this.wireFeed();
      return (this.bound = await this.open(this.opts)).address;
    });
  }

  /** Stops accepting, lets responses finish (up to shutdownTimeoutMs), closes every socket; says how many it cut short. */
  stop(): Promise<{ cutShort: number }> {
    return this.serialise(async () => {
      const bound = this.bound;
      this.bound = undefined;
      const before = this.responses.cutShort;
      // A cut response hears its socket close some turns after the listener does: count it then (boundedly).
      if (bound) await this.close(bound, this.opts.shutdownTimeoutMs).then(() => this.responses.settled(100));
      const cutShort = this.responses.cutShort - before;
      this.feedSubscription?.dispose();
      this.cache.close();
      this.listings.close();
      this.ownFeed.close();
      this.heldFolders = [];
      clearTimeout(this.hostReload);
      this.routes.clear();
      this.proxies.close();
      this.pagesReport.dispose();
      await this.backend.stop();
      return { cutShort };
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
      this.given = options;
      if (!current) {
        this.opts = next;
        return undefined;
      }
      // Sharing a backend that answers the network would let everyone around the token: refused first.
      await this.backend.assertShareable(next);
      // About to ask for a new token: the pages open now are handed a grant to keep the server.
      if (next.accessToken !== undefined && next.accessToken !== this.opts.accessToken)
        this.live.grant(this.grants.issue(next.accessToken), GRANT_TTL_MS);
      if (!needsRebind(this.opts, next)) {
        this.pipeline.config = await this.prepare(next);
        applyTimeouts(current.main, next);
        if (current.redirect) applyTimeouts(current.redirect, next);
        this.opts = next;
        return current.address;
      }
      // "Any port" keeps the one it has, so open pages keep their URL (unless another program takes it meanwhile).
      const kept = next.port === 0 && this.opts.port === 0 ? current.address.port : undefined;
      // The same port, even on another address (127.0.0.1 after 0.0.0.0), overlaps the old bind.
      if (kept !== undefined || (next.port === this.opts.port && next.port !== 0)) {
        // The old listener must let go of the port first; if the new one then fails, bring the old back.
        const protocol = next.tls ? 'https' : 'http';
        if (protocol !== current.address.protocol) this.live.moved({ protocol, port: current.address.port });
        await this.close(current, this.opts.shutdownTimeoutMs);
        this.bound = undefined;
        try {
          this.bound = await (kept === undefined
            ? this.open(next)
            : this.open({ ...next, port: kept }).catch(() => this.open(next)));
        } catch (err) {
          this.bound = await this.open(this.opts).catch(() => undefined);
          throw err;
        }
      } else {
        this.bound = await this.open(next);
        // The pages open now would be left on a dead port: they are told where the server went.
        this.live.moved(this.bound.address);
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

  /** The folder served: `root`, or the public folder a host's file names there (firebase.json's `public`). */
  get servedFolder(): string {
    return this.hostFiles.current.publicDir?.dir ?? this.opts.root;
  }

  /** The hosts' files of the served folder, as last read: which apply and what they hold. */
  get hostConfig(): HostConfig {
    return this.hostFiles.current;
  }

  /** A host's file changed: the configuration is made again, at once for the next request. */
  private hostFilesChanged(): void {
    clearTimeout(this.hostReload);
    this.hostReload = setTimeout(() => {
      void this.serialise(async () => {
        if (this.bound) this.pipeline.config = await this.prepare(this.opts);
      }).catch((err: Error) => this.diagnose('warning', `Reading the site's host files failed: ${err.message}`, err));
    }, 30);
    this.hostReload.unref();
  }

  /** Watches the folders that hold the hosts' files while the server's own feed is used (the host's feed covers the tree). */
  private holdHostFolders(folders: string[]): void {
    for (const dir of this.heldFolders) if (!folders.includes(dir)) this.ownFeed.release(dir);
    for (const dir of folders) if (!this.heldFolders.includes(dir)) this.ownFeed.hold(dir);
    this.heldFolders = folders;
  }

  private async prepare(given: ResolvedOptions): Promise<PipelineConfig> {
    const projectRoot = await resolveRoot(given.root);
    const host = await this.hostFiles.load(projectRoot, given.hostConfig);
    this.holdHostFolders(this.feed === this.ownFeed ? this.hostFiles.folders() : []);
    // A file that names the folder it deploys: that folder is what is served. What the user set
    // explicitly (clean URLs) wins over the file.
    const o: ResolvedOptions =
      host.publicDir || (host.cleanUrls !== undefined && this.given.cleanUrls === undefined)
        ? Object.freeze({
            ...given,
            root: host.publicDir?.dir ?? given.root,
            cleanUrls: this.given.cleanUrls ?? host.cleanUrls ?? given.cleanUrls,
          })
        : given;
    const realRoot = host.publicDir ? await resolveRoot(o.root) : projectRoot;
    const tree = await resolveSite(o.root, realRoot, o.mount);
    await this.live.configure(o, tree);
    this.live.setMcpHandler(o.mcp ? (req, res) => void this.mcp.handle(req, res) : undefined);
    await this.backend.configure(o);
    if (realRoot !== this.realRoot) {
      this.realRoot = realRoot;
      this.wireFeed();
    }
    // New proxy rules, routing conventions or 404 page change what targets lead to.
    this.routes.clear();
    const proxy = this.backend.proxySetup(o, this.proxies, (m) => this.diagnose('warning', m));
    // Backends' pages follow every file; the server's own feed sees only the folders its caches hold.
    this.live.watchRoot(this.feed === this.ownFeed && proxy?.rules.some((r) => r.live) ? realRoot : undefined);
    return buildPipelineConfig(
      o,
      tree,
      (err, file) => this.diagnose('warning', `Reading ${file} failed mid-response: ${err.message}`, err),
      {
        live: this.live.current,
        overlay: this.overlay,
        cache: this.cache,
        routes: this.routes,
        listings: this.listings,
        proxy,
        hosting:
          host.routes.length > 0 || host.headers.length > 0 || host.trailingSlash !== undefined
            ? {
                rules: new HostRules(host),
                pool: this.proxies,
                onFailure: (m) => this.diagnose('warning', m),
              }
            : undefined,
      },
      this.grants,
    );
  }

  private async open(o: ResolvedOptions): Promise<Bound> {
    try {
      return await this.bindAll(o);
    } catch (err) {
      // Nothing serves now: live reload and the backend (made by prepare) must not outlive a failed start.
      if (!this.bound) {
        this.live.close();
        await this.backend.stop();
      }
      throw err;
    }
  }

  private async bindAll(o: ResolvedOptions): Promise<Bound> {
    const config = await this.prepare(o);
    const bound = await bindListeners(o, {
      request: (req, res) => this.onRequest(req, res),
      upgrade: (req, socket, head) => this.onUpgrade(req, socket, head),
      config: () => this.pipeline.config,
      responses: this.responses,
      diagnose: this.diagnose,
    });
    this.pipeline.config = config;
    return bound;
  }

  /** Closes a listener. `keepLive` keeps live reload for a listener that replaces this one. */
  private async close(bound: Bound, deadlineMs: number, keepLive = false): Promise<void> {
    // Event streams never finish by themselves: end them first so stop() need not wait.
    if (keepLive) this.live.dropClients();
    else this.live.close();
    // Upgraded sockets belong to no HTTP server: closing the listener would wait for them.
    this.proxies.closeTunnels();
    await closeListeners(bound, deadlineMs, this.responses);
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    this.responses.track(req, res);
    this.pipeline.handle(req, res);
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const started = Date.now();
    this.pipeline.upgrade(req, socket, head, (status, upstreamMs, target) => {
      this.responses.upgraded(
        req,
        status,
        Date.now() - started,
        socket,
        target ? { target, ms: upstreamMs } : undefined,
      );
    });
  }

  private readonly diagnose: Diagnose = (level, message, error) => {
    this.emit('diagnostic', { level, message, error });
  };
}
