import * as path from 'node:path';
import { isInside, readPageSource, type ContentOverlay } from '../files';
import { encodePath } from '../http';
import { LiveReload, loadClientScript, type BrowserConsoleEntry, type ChangeSource, type ElementPath, type RevealRequest } from '../live';
import { locateSource, type BrowserMessage } from './browserConsole';
import { liveSettings, type ResolvedOptions } from './options';

/** An Alt+click in a page, resolved to the file on disk that holds the element. */
export interface RevealEvent {
  file: string;
  element: ElementPath;
}

/** What live reload needs from its server: where files are, unsaved text, and where to report. */
export interface LiveHost {
  /** The root as configured, and with its symlinks resolved. */
  roots(): { root: string; realRoot: string };
  overlay(): ContentOverlay | undefined;
  onConsole(message: BrowserMessage): void;
}

/**
 * Live reload's place in a running server: made when a configuration turns it on, kept across
 * reconfigurations, closed when it is turned off or the server stops. It also turns file paths
 * into the URL paths pages know, and back.
 */
export class LiveBinding {
  private live: LiveReload | undefined;
  private source: ChangeSource | undefined;
  private reveal: ((event: RevealEvent) => void) | undefined;

  constructor(private readonly host: LiveHost) {}

  get current(): LiveReload | undefined {
    return this.live;
  }

  async configure(o: ResolvedOptions, realRoot: string): Promise<void> {
    if (!o.liveReload) return this.close();
    if (this.live) return this.live.update(liveSettings(o, realRoot));
    this.live = new LiveReload(liveSettings(o, realRoot), await loadClientScript(), (urlPath) => this.readPage(urlPath),
      (entry: BrowserConsoleEntry) => this.host.onConsole(locateSource(this.host.roots().root, entry)), o.instanceId);
    this.live.attach(this.source);
    this.applyReveal();
  }

  attach(source: ChangeSource | undefined): void {
    this.source = source;
    this.live?.attach(source);
  }

  notify(filePath: string): void {
    this.live?.notify(filePath);
  }

  /** Asks pages for Alt+clicks, and hands each to `handler` (undefined: pages stop asking). */
  setRevealHandler(handler: ((event: RevealEvent) => void) | undefined): void {
    this.reveal = handler;
    this.applyReveal();
  }

  /** Outlines `element` in the browsers showing `filePath`'s page; undefined clears it. */
  highlight(filePath: string, element: ElementPath | undefined): void {
    const urlPath = this.urlPathOf(filePath);
    if (urlPath !== undefined) this.live?.links.highlight(urlPath, element);
  }

  get clients(): number {
    return this.live?.hub.clientCount ?? 0;
  }

  /** Ends the event streams only: browsers reconnect to the listener that replaces this one. */
  dropClients(): void {
    this.live?.hub.closeAll();
  }

  close(): void {
    this.live?.close();
    this.live = undefined;
  }

  private applyReveal(): void {
    const reveal = this.reveal;
    this.live?.links.setRevealHandler(reveal && ((request: RevealRequest) => {
      const file = this.fileOf(request.page);
      if (file) reveal({ file, element: request.element });
    }));
  }

  private readPage(urlPath: string) {
    const file = this.fileOf(urlPath, true);
    return file ? readPageSource(file, this.host.overlay()) : Promise.resolve(undefined);
  }

  /** The file behind a URL path, under the configured root (or the real one), if it stays inside. */
  private fileOf(urlPath: string, real = false): string | undefined {
    const { root, realRoot } = this.host.roots();
    const base = real ? realRoot : root;
    let segments: string[];
    try {
      segments = urlPath.split('/').filter((s) => s !== '').map(decodeURIComponent);
    } catch {
      return undefined;
    }
    const file = path.join(base, ...segments);
    return isInside(base, file) ? file : undefined;
  }

  /** The URL path of a file under the root (given as configured or with links resolved). */
  private urlPathOf(filePath: string): string | undefined {
    const { root, realRoot } = this.host.roots();
    const base = isInside(realRoot, filePath) ? realRoot : isInside(root, filePath) ? root : undefined;
    if (base === undefined) return undefined;
    return encodePath(path.relative(base, filePath).split(path.sep), false);
  }
}
