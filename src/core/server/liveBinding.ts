import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isInside, readPageSource, SiteTree, type ChangeFeed, type ContentOverlay } from '../files';
import type { ResolvedOptions } from '../config';
import { isMarkdownPath, markdownPageSource } from '../markdown';
import { folderPageSource } from '../pipeline';
import {
  type BrowserConsoleEntry,
  type ConnectedPage,
  type ElementPath,
  isSameOriginPath,
  LiveReload,
  type LiveSettings,
  loadClientScript,
  type LocatedSource,
  type RevealRequest,
  type SnapshotAnswer,
  type SnapshotQuery,
} from '../live';
import { locateSource, type BrowserMessage } from '../report';
import { WatchedFolders } from './watchedFolders';

/** An Alt+click in a page, resolved to the file on disk that holds the element. */
export type RevealEvent =
  | { file: string; element: ElementPath }
  /**
   * An error's place, clicked in the overlay: `file` and `line`/`column` (1-based) are the served
   * script's; `original` is where its source map says it came from, which may lie outside the
   * served folder (the host decides whether to open it).
   */
  | { file: string; line: number; column: number; original?: { file: string; line: number; column: number } };

/** What live reload needs from its server: unsaved text, and where to report (where files are comes with each configuration). */
export interface LiveHost {
  overlay(): ContentOverlay | undefined;
  onConsole(message: BrowserMessage): void;
  onWarning(message: string): void;
  onInfo(message: string): void;
  /** A page connected or went (see `pages`). */
  onPages(): void;
}

/** The live-reload part of the options, as live reload takes it. */
function liveSettings(o: ResolvedOptions, tree: SiteTree, watch: readonly string[]): LiveSettings {
  return {
    tree,
    watch,
    debounceMs: o.liveReloadDebounceMs,
    ignore: o.liveReloadIgnore,
    cssInPlace: o.cssInPlace,
    htmlInPlace: o.htmlInPlace,
    browserConsole: o.browserConsole,
    previewKey: o.previewKey,
    errorOverlay: o.errorOverlay === 'always' || (o.errorOverlay === 'shared' && o.accessToken !== undefined),
    sync: o.sync,
  };
}

/**
 * Live reload's place in a running server: made when a configuration turns it on, kept across
 * reconfigurations, closed when it is turned off or the server stops.
 */
export class LiveBinding {
  private live: LiveReload | undefined;
  private feed: ChangeFeed | undefined;
  private reveal: ((event: RevealEvent) => void) | undefined;
  private mcp: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  /** Console messages and Alt+clicks are resolved one after another, so they reach the host in the order they came. */
  private queue: Promise<void> = Promise.resolve();
  /** The `watch` folders: changes there are what backends render from. */
  private readonly folders = new WatchedFolders(
    (file) => this.live?.changed(file),
    (_folder, level, message) => (level === 'warning' ? this.host.onWarning(message) : this.host.onInfo(message)),
  );

  private watched: readonly string[] = [];
  private root: string | undefined;
  /** The root and its mounts, as last configured. */
  private tree = new SiteTree('', '');
  private markdown = true;
  private listing = true;
  /** Folders besides the served ones where a source map's originals may be named (the host's workspace). */
  private sourceRoots: readonly string[] = [];

  constructor(private readonly host: LiveHost) {}

  get current(): LiveReload | undefined {
    return this.live;
  }

  /** Applies `o`; a `watch` folder that is missing is an OptionsError, before anything changes. */
  async configure(o: ResolvedOptions, tree: SiteTree): Promise<void> {
    this.tree = tree;
    this.markdown = o.markdown;
    this.listing = o.directoryListing;
    if (!o.liveReload) return this.close();
    // Mounted folders outside the root are watched here: the tree's feed does not reach them.
    const outside = tree.mounted.map((m) => m.realDir).filter((dir) => !isInside(tree.realRoot, dir));
    const watch = [...(await WatchedFolders.resolve(o.watch)), ...outside];
    if (this.live) this.live.update(liveSettings(o, tree, watch));
    else {
      this.live = new LiveReload(
        liveSettings(o, tree, watch),
        await loadClientScript(),
        (urlPath) => this.readPage(urlPath),
        (entry: BrowserConsoleEntry) => this.console(entry),
        o.instanceId,
      );
      this.live.attach(this.feed);
      this.live.onPagesChanged(() => this.host.onPages());
      this.live.setLocator((source, line, column) => this.locate(source, line, column));
      this.applyReveal();
    }
    this.live.setMcpHandler(this.mcp);
    this.watched = watch;
    this.folders.set([...watch, ...(this.root ? [this.root] : [])], {
      ignore: o.liveReloadIgnore,
      poll: o.livePoll,
      pollIntervalMs: o.livePollIntervalMs,
    });
  }

  /**
   * Watches the whole served tree too (`realRoot`), or stops (undefined): a backend's pages are
   * rendered from any file, while the server's own feed watches only the folders its caches hold.
   */
  watchRoot(realRoot: string | undefined): void {
    this.root = this.live ? realRoot : undefined;
    this.folders.set([...this.watched, ...(this.root ? [this.root] : [])]);
  }

  /** Where source maps' originals may be besides the served folders: the editor's workspace folders, the CLI's project. */
  setSourceRoots(roots: readonly string[]): void {
    const given = [...roots];
    this.sourceRoots = given;
    // Sources are judged by their real paths: a folder reached through a link counts by its target too (unless roots changed meanwhile).
    void Promise.all(given.map((r) => fs.promises.realpath(r).catch(() => r))).then((real) => {
      if (this.sourceRoots === given) this.sourceRoots = [...new Set([...given, ...real])];
    });
  }

  attach(feed: ChangeFeed | undefined): void {
    this.feed = feed;
    this.live?.attach(feed);
  }

  notify(filePath: string): void {
    this.live?.notify(filePath);
  }

  /** Hands the connected pages a share grant (share/) before the server asks them for a token. */
  grant(code: string, ttlMs: number): void {
    this.live?.send('grant', { code, ttlMs });
  }

  /** Tells the connected pages the server now listens at another port (and scheme), before their stream ends. */
  moved(address: { protocol: 'http' | 'https'; port: number }): void {
    this.live?.send('moved', { protocol: address.protocol, port: address.port });
  }

  /** What backends render changed without a file (the backend restarted). */
  rendered(): void {
    this.live?.rendered();
  }

  /** Asks pages for Alt+clicks, and hands each to `handler` (undefined: pages stop asking). */
  setRevealHandler(handler: ((event: RevealEvent) => void) | undefined): void {
    this.reveal = handler;
    this.applyReveal();
  }

  /** Outlines `element` in the browsers showing `filePath`'s page; undefined clears it. */
  highlight(filePath: string, element: ElementPath | undefined): void {
    for (const urlPath of this.tree.urlPathsOf(filePath)) this.live?.highlight(urlPath, element);
  }

  /** Takes the connected pages to `target`: a file (the page it is served as) or a URL path. */
  navigate(target: { file: string } | { path: string }): boolean {
    const urlPath = 'path' in target ? target.path : this.tree.urlPathsOf(target.file)[0];
    // Pages go nowhere but their own origin, whoever names the path (an agent's tool, too).
    if (urlPath === undefined || !isSameOriginPath(urlPath)) return false;
    this.live?.send('navigate', { path: urlPath });
    return true;
  }

  /** Serves the MCP route with `handler` (undefined: the route says MCP is off); kept across live reload's restarts. */
  setMcpHandler(handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined): void {
    this.mcp = handler;
    this.live?.setMcpHandler(handler);
  }

  /** Asks one page load what it shows (agents' snapshot tool). */
  snapshot(pageId: string, query: SnapshotQuery): Promise<SnapshotAnswer> {
    return this.live
      ? this.live.snapshot(pageId, query)
      : Promise.resolve({ error: 'Live reload is off: no page is connected.' });
  }

  /** Reloads the page loads named; how many heard it. */
  reload(pageIds: readonly string[]): number {
    return this.live?.reload(pageIds) ?? 0;
  }

  get clients(): number {
    return this.live?.clientCount ?? 0;
  }

  /** The pages with their event stream open. */
  pages(): ConnectedPage[] {
    return this.live?.pages() ?? [];
  }

  /** Ends the event streams only: browsers reconnect to the listener that replaces this one. */
  dropClients(): void {
    this.live?.dropPages();
  }

  close(): void {
    this.watched = [];
    this.root = undefined;
    this.folders.close();
    this.live?.close();
    this.live = undefined;
  }

  /** Where a position in a served script came from, by its source map; only the map's own name for it leaves. */
  private async locate(source: string, line: number, column: number): Promise<LocatedSource | undefined> {
    const { original } = await locateSource(
      this.tree,
      { level: 'error', page: '/', message: '', source, line, column },
      this.sourceRoots,
    );
    return original && { source: original.source, line: original.line, column: original.column };
  }

  private console(entry: BrowserConsoleEntry): void {
    const tree = this.tree;
    const roots = this.sourceRoots;
    this.queue = this.queue
      .then(() => locateSource(tree, entry, roots))
      .then(
        (m) => this.host.onConsole(m),
        () => undefined,
      );
  }

  /** An Alt+click names a page: it reaches the host only for a file that page could be served from. */
  private applyReveal(): void {
    const reveal = this.reveal;
    this.live?.setRevealHandler(
      reveal &&
        ((request: RevealRequest) => {
          const tree = this.tree;
          if ('at' in request) {
            const { source, line, column } = request.at;
            const roots = this.sourceRoots;
            this.queue = this.queue
              .then(() =>
                locateSource(tree, { level: 'error', page: request.page, message: '', source, line, column }, roots),
              )
              .then(
                (m) => {
                  const original = m.original?.file
                    ? { file: m.original.file, line: m.original.line, column: m.original.column }
                    : undefined;
                  if (m.file) reveal({ file: m.file, line, column, ...(original ? { original } : {}) });
                },
                () => undefined,
              );
            return;
          }
          this.queue = this.queue
            .then(() => tree.servedFile(request.page))
            .then(
              (served) => {
                if (served) reveal({ file: served.file, element: request.element });
              },
              () => undefined,
            );
        }),
    );
  }

  /**
   * A page's source as browsers get it: the file, or for Markdown (while shown as pages) the page
   * it renders to. Looked up as a request is (contained after links, no hidden names, no pipes):
   * a page that became a link out of the folder is not read, and its browsers reload (and get 403).
   */
  private async readPage(urlPath: string) {
    if (urlPath.endsWith('/')) return folderPageSource(this.tree, urlPath, this.host.overlay(), this.listing);
    const served = await this.tree.servedFile(urlPath);
    if (!served) return undefined;
    const source = await readPageSource(served.realPath, this.host.overlay());
    return source && this.markdown && isMarkdownPath(served.realPath)
      ? markdownPageSource(source, served.realPath)
      : source;
  }
}
