import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as path from 'node:path';
import type { ChangeFeed, PageSource, Subscription } from '../files';
import { escapeHtml, sendBody, sendError } from '../http';
import type { ConnectedPage } from './connectedPages';
import { BackendPages } from './changes/backendPages';
import { ChangeBatcher, type BatcherSettings, type ChangeBatch } from './changes/changeBatcher';
import { ConsoleRelay, type BrowserConsoleEntry, type BrowserConsoleMode } from './relays/consoleRelay';
import { LiveHub } from './liveHub';
import { PageLinks, type RevealRequest } from './relays/pageLinks';
import { PageUpdates, type PageMorph } from './changes/pageUpdates';
import { handleLocate, type Locator } from './relays/locateRoute';
import { SyncRelay } from './relays/syncRelay';
import { PageSnapshots, type SnapshotAnswer } from './relays/snapshots';
import { EARLY_CONSOLE_ATTR, LIVE_OFF_HEADER, ROUTES, TAG, type ServerEvents, type SnapshotQuery } from './protocol';
import { answerRoute, type RouteTable } from './routes';
import type { ElementPath } from './relays/sourceMap';

const CLIENT_FILE = 'ferrox-live.js';

/**
 * The browser script (media/ferrox-live.js with the DOM morpher, bundled by esbuild into dist/),
 * read once per process. It lies beside the bundles, or four levels up from out/src/core/live
 * when the tests run, so both layouts are tried.
 */
let clientScript: Promise<Buffer> | undefined;
export function loadClientScript(): Promise<Buffer> {
  clientScript ??= (async () => {
    const candidates = [
      path.join(__dirname, CLIENT_FILE),
      path.join(__dirname, '..', '..', '..', '..', 'dist', CLIENT_FILE),
    ];
    for (const file of candidates) {
      try {
        return await fs.promises.readFile(file);
      } catch {
        /* try the next layout */
      }
    }
    throw new Error(`live reload: cannot find ${CLIENT_FILE} near ${__dirname}; run "npm run build"`);
  })();
  return clientScript;
}

/**
 * The client loads async (it must never delay the page), so this inline tag holds on to console
 * calls and errors from the page's first scripts until it arrives. A page whose CSP forbids
 * inline scripts only loses those early messages.
 */
const EARLY_CONSOLE =
  `<script ${EARLY_CONSOLE_ATTR}>` +
  '(function(w){if(w.__ferroxEarly)return;var q=w.__ferroxEarly=[];' +
  "['error','warn','log','info','debug'].forEach(function(l){var o=console[l];console[l]=function(){" +
  'if(w.__ferroxEarly)q.push({level:l,args:[].slice.call(arguments),stack:new Error().stack});return o.apply(this,arguments)}});' +
  "w.addEventListener('error',function(e){if(w.__ferroxEarly)q.push({error:e})});" +
  "w.addEventListener('unhandledrejection',function(e){if(w.__ferroxEarly)q.push({rejection:e})})})(window)</script>";

/** The CSP sources a page with the tag needs for scripts: the client from this origin, and the early hook by its hash. */
export const TAG_SCRIPT_SOURCES = `'self' 'sha256-${createHash('sha256')
  .update(EARLY_CONSOLE.replace(/^<script[^>]*>|<\/script>$/g, ''))
  .digest('base64')}'`;

/** Live reload's settings: the batcher's, whether HTML pages are morphed in place, and what of the pages' consoles is forwarded. */
export interface LiveSettings extends BatcherSettings {
  htmlInPlace: boolean;
  browserConsole: BrowserConsoleMode;
  /** The secret a preview frame proves itself with (protocol.ts, TAG.preview); none: frames hear nothing. */
  previewKey?: string;
  /** Pages show their runtime errors in a small badge (TAG.overlay). */
  errorOverlay?: boolean;
  /** Synced browsing: joined pages mirror each other (TAG.sync, ROUTES.sync). */
  sync?: boolean;
}

/** Reads a page's current source by URL path; the server supplies it (live/ never reads files). */
export type PageReader = (urlPath: string) => Promise<PageSource | undefined>;

/** The events a host may send the pages itself; `change`, `hello` and `sync` are live reload's own. */
export type HostEvent = 'grant' | 'moved' | 'navigate';

/**
 * Live reload for one running server, and the one owner of the conversation with the pages: the
 * SSE hub (events go out only through here, typed by the protocol), the routes under /__ferrox/
 * (one table, `routes`), the change batcher fed by a ChangeSource, and the memory of served pages
 * that decides between a morph and a reload. Everything it opens is closed by close().
 */
export class LiveReload {
  private readonly hub: LiveHub;
  private readonly sync: SyncRelay;
  private readonly batcher: ChangeBatcher;
  private readonly updates: PageUpdates;
  /** What backends' pages were rendered as, for their morphs. */
  readonly backendPages = new BackendPages();
  /** A burst touched what backends render: its settled batch tells their pages so ("final"). */
  private renderedInBurst = false;
  private backendServed = false;
  private subscription: Subscription | undefined;
  /** Where the error overlay's positions came from (the server's source maps); set by the server. */
  private locator: Locator | undefined;
  /** Paths seen early in a burst and left for its end (anything that may need a reload). */
  private deferred = new Set<string>();
  /** Batches are decided one after another, so browsers get them in the order of the changes. */
  private queue: Promise<void> = Promise.resolve();

  private readonly console: ConsoleRelay;
  private readonly links: PageLinks;
  private readonly snapshots: PageSnapshots;
  /** Answers ROUTES.mcp while the host serves the Model Context Protocol (`--mcp`). */
  private mcp: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  /** Every route under /__ferrox/, by its name in the protocol. */
  private readonly routes: RouteTable = {
    client: {
      methods: ['GET', 'HEAD'],
      answer: (req, res) =>
        sendBody(
          res,
          200,
          { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' },
          this.script,
          req.method === 'HEAD',
        ),
    },
    events: { methods: ['GET', 'HEAD'], answer: (req, res) => this.hub.connect(req, res) },
    console: { methods: ['POST'], answer: (req, res) => this.console.handle(req, res) },
    reveal: { methods: ['POST'], answer: (req, res) => this.links.handleReveal(req, res) },
    sync: { methods: ['POST'], answer: (req, res) => this.sync.handle(req, res) },
    locate: {
      methods: ['POST'],
      answer: (req, res) =>
        handleLocate(req, res, this.hub.instanceId, this.settings.errorOverlay ? this.locator : undefined),
    },
    // A grant is redeemed by the share gate while the server is shared (share/); one that gets
    // this far came before the server was shared, or after, and is posted again on the next reconnect.
    grant: {
      methods: ['POST'],
      answer: (req, res) => sendError(res, 409, 'This server is not shared: there is no grant to redeem.', false),
    },
    snapshot: { methods: ['POST'], answer: (req, res) => this.snapshots.handle(req, res) },
    mcp: {
      methods: ['POST'],
      answer: (req, res) =>
        this.mcp
          ? this.mcp(req, res)
          : sendError(res, 404, 'The Model Context Protocol is off: start ferrox with --mcp.', false),
    },
  };

  constructor(
    private settings: LiveSettings,
    private readonly script: Buffer,
    readPage: PageReader,
    onConsole: (entry: BrowserConsoleEntry) => void,
    instanceId?: string,
  ) {
    this.hub = new LiveHub(instanceId);
    this.console = new ConsoleRelay(settings.browserConsole, this.hub.instanceId, onConsole);
    this.links = new PageLinks(this.hub, this.hub.instanceId, undefined);
    this.updates = new PageUpdates(readPage);
    this.batcher = new ChangeBatcher(
      settings,
      (batch) => this.enqueue(batch, true),
      (batch) => this.enqueue(batch, false),
    );
    this.sync = new SyncRelay(this.hub);
    this.sync.set(settings.sync === true);
    this.snapshots = new PageSnapshots(this.hub);
    this.hub.onPageGone = (id) => this.snapshots.gone(id);
  }

  update(settings: LiveSettings): void {
    this.settings = settings;
    this.batcher.update(settings);
    this.console.setMode(settings.browserConsole);
    this.sync.set(settings.sync === true);
  }

  attach(source: ChangeFeed | undefined): void {
    this.subscription?.dispose();
    this.subscription = source?.onChange((change) => {
      if (!change.shown) this.batcher.add(change.path);
    });
  }

  /** Reports a change the host knows of directly (unsaved editor text, which no backend sees yet). */
  notify(filePath: string): void {
    this.batcher.add(filePath, false);
  }

  /** A file changed on disk that the feed does not cover (a `watch` folder's). */
  changed(filePath: string): void {
    this.batcher.add(filePath);
  }

  /** What backends render changed with no file to show for it (the backend restarted): their pages look again. */
  rendered(): void {
    this.batcher.markRendered();
  }

  /** Whether pages are morphed in place (else they reload). */
  get htmlInPlace(): boolean {
    return this.settings.htmlInPlace;
  }

  /** Notes what a browser was sent for a page, so a later change can be morphed from it; returns its version. */
  served(fileUrlPath: string, source: PageSource): string | undefined {
    return this.settings.htmlInPlace ? this.updates.served(fileUrlPath, source) : undefined;
  }

  private enqueue(batch: ChangeBatch, settled: boolean): void {
    this.queue = this.queue.then(() => this.decide(batch, settled)).catch(() => undefined);
  }

  /**
   * Early in a burst only stylesheet swaps and morphs go out; everything else waits for the
   * burst to settle, so a burst reloads a page at most once and on its last content.
   */
  private async decide(batch: ChangeBatch, settled: boolean): Promise<void> {
    const changed = [...batch.other, ...(batch.folders ?? [])];
    const candidates = settled ? [...new Set([...this.deferred, ...changed])] : changed;
    if (settled) this.deferred = new Set();
    // Only once a backend's page was served is there anyone to tell.
    if (batch.rendered && this.backendServed) {
      this.renderedInBurst = true;
      this.backendPages.lastEdit = batch.other[0] ?? this.backendPages.lastEdit;
    }
    const backend = settled ? (this.renderedInBurst ? 'final' : undefined) : this.renderedInBurst ? 'try' : undefined;
    if (settled) this.renderedInBurst = false;
    const other: string[] = [];
    const pages: PageMorph[] = [];
    for (const urlPath of candidates) {
      // A folder is news only to a page showing its listing, which was served to someone.
      const folder = urlPath.endsWith('/');
      if (folder && !this.updates.knows(urlPath)) continue;
      const outcome =
        this.settings.htmlInPlace && (isHtmlPath(urlPath) || folder)
          ? await this.updates.change(urlPath, settled)
          : ({ kind: settled ? 'reload' : 'later' } as const);
      if (outcome.kind === 'morph') pages.push(outcome.morph);
      else if (outcome.kind === 'reload') other.push(urlPath);
      else if (outcome.kind === 'later') this.deferred.add(urlPath);
    }
    if (batch.css.length > 0 || other.length > 0 || pages.length > 0 || backend) {
      this.hub.broadcast({
        css: batch.css,
        other,
        ...(pages.length > 0 ? { pages } : {}),
        ...(backend ? { backend } : {}),
      });
    }
  }

  /**
   * The tag injected into HTML: names this server instance and the file actually served. Its
   * src is relative to the page (`depth` folders deep), so it also works behind a proxy that
   * serves the site under a path prefix.
   */
  snippet(fileUrlPath: string, depth: number, version?: string): Buffer {
    const versioned =
      version !== undefined && this.settings.htmlInPlace ? ` ${TAG.version}="${escapeHtml(version)}"` : '';
    const inspect = this.links.revealing ? ` ${TAG.reveal}="alt-click"` : '';
    return Buffer.from(
      `${this.consoleEarly()}<script src="${clientSrc(depth)}" ${TAG.instance}="${this.hub.instanceId}" ` +
        `${TAG.file}="${escapeHtml(fileUrlPath)}"${versioned}${this.consoleAttr()}${inspect}${this.previewAttr()}${this.overlayAttr()} async></script>`,
    );
  }

  private previewAttr(): string {
    return this.settings.previewKey ? ` ${TAG.preview}="${this.settings.previewKey}"` : '';
  }

  private overlayAttr(): string {
    return (this.settings.errorOverlay ? ` ${TAG.overlay}="on"` : '') + (this.settings.sync ? ` ${TAG.sync}="on"` : '');
  }

  private consoleEarly(): string {
    // The overlay needs the errors of the page's first scripts too.
    return this.console.enabled || this.settings.errorOverlay ? EARLY_CONSOLE : '';
  }

  private consoleAttr(): string {
    return this.console.enabled ? ` ${TAG.console}="${this.settings.browserConsole}"` : '';
  }

  /**
   * The tag for a page a backend rendered (through a proxy rule or the site's backend): no file
   * stands behind it, so after a change it fetches itself again with `token` (backendPages.ts)
   * and morphs; stylesheets it links are swapped in place. Without a token (the answer to a
   * POST) it is never fetched again and only says that its source changed.
   */
  proxiedSnippet(depth: number, token: string | undefined): Buffer {
    this.backendServed = true;
    // With in-place updates off, a backend's page reloads after a change (an empty token).
    const page = token === undefined ? '' : ` ${TAG.page}="${this.settings.htmlInPlace ? token : ''}"`;
    return Buffer.from(
      `${this.consoleEarly()}<script src="${clientSrc(depth)}" ${TAG.instance}="${this.hub.instanceId}" ` +
        `${TAG.follow}="backend"${page}${this.consoleAttr()}${this.previewAttr()}${this.overlayAttr()} async></script>`,
    );
  }

  /** Answers a request under /__ferrox/ (its path without the query) from the route table. */
  handle(pathname: string, req: IncomingMessage, res: ServerResponse): void {
    answerRoute(this.routes, pathname, req, res);
  }

  /** Sends the pages an event of the host's, typed by the protocol. */
  send<E extends HostEvent>(event: E, data: ServerEvents[E]): void {
    this.hub.send(event, data);
  }

  /** Outlines `element` in every browser showing the page at `page`; undefined clears it. */
  highlight(page: string, element: ElementPath | undefined): void {
    this.links.highlight(page, element);
  }

  /** Asks pages for Alt+clicks and hands each to `handler` (undefined: pages stop asking). */
  setRevealHandler(handler: ((request: RevealRequest) => void) | undefined): void {
    this.links.setRevealHandler(handler);
  }

  /** Asks one page load (ConnectedPage.id) what it shows; always ends (an answer, the page gone, or a timeout). */
  snapshot(pageId: string, query: SnapshotQuery = {}): Promise<SnapshotAnswer> {
    return this.snapshots.ask(pageId, query);
  }

  /** Reloads the page loads named (ConnectedPage.id); returns how many were connected to hear it. */
  reload(pageIds: readonly string[]): number {
    return pageIds.filter((id) => this.hub.sendTo(id, 'reload', {})).length;
  }

  /** Serves ROUTES.mcp with `handler` (undefined: the route says MCP is off). */
  setMcpHandler(handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined): void {
    this.mcp = handler;
  }

  /** Where the error overlay's positions came from (the server's source maps). */
  setLocator(locator: Locator | undefined): void {
    this.locator = locator;
  }

  /** `listener` hears whenever a page connects or goes. */
  onPagesChanged(listener: () => void): void {
    this.hub.onPagesChanged = listener;
  }

  /** The pages connected now, then those reloading after a restart. */
  pages(): ConnectedPage[] {
    return this.hub.pages();
  }

  get clientCount(): number {
    return this.hub.clientCount;
  }

  /** Ends the event streams only: browsers reconnect to whatever answers next. */
  dropPages(): void {
    this.hub.closeAll();
  }

  close(): void {
    this.subscription?.dispose();
    this.subscription = undefined;
    this.batcher.dispose();
    this.deferred.clear();
    this.updates.clear();
    this.backendPages.clear();
    this.console.close();
    this.snapshots.close();
    this.hub.closeAll();
  }
}

/** The client's src, relative to a page `depth` folders deep (so it also works under a proxy's path prefix). */
function clientSrc(depth: number): string {
  return ('../'.repeat(depth) || './') + ROUTES.client.slice(1);
}

/**
 * True when a request should not get the live-reload script: it asks so (tools, tests), or a
 * script fetches the HTML (fetch or XMLHttpRequest: Sec-Fetch-Dest is "empty"), which makes it a
 * fragment for the page to insert, not a page. The page that fetched it still reloads when it
 * changes.
 */
export function optsOutOfLive(req: IncomingMessage, query: string): boolean {
  const header = req.headers[LIVE_OFF_HEADER.toLowerCase()];
  return (
    header === 'off' ||
    header === '0' ||
    req.headers['sec-fetch-dest'] === 'empty' ||
    /[?&]ferrox-live=(?:0|off)(?:&|$)/.test(query)
  );
}

/** Whether a path (URL or file) names a page live reload can morph: HTML, or Markdown shown as a page. */
export function isHtmlPath(urlPath: string): boolean {
  return /\.(?:html?|md|markdown)$/i.test(urlPath);
}
