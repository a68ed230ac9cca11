import * as fs from 'node:fs';
import * as path from 'node:path';
import { isInside, type ChangeFeed, type FileChange, type Subscription } from '../files';
import { Listeners } from './feed';
import { eventlessFileSystem, SYSTEM_FACTS, type FileSystemFacts } from './fileSystems';
import { FolderWatches } from './folderWatches';
import { treeIgnore } from './ignore';
import { isWatchLimit, watchLimitMessage } from './limits';
import { loadNativeWatcher, nativeSource } from './nativeSource';
import { nodeSource } from './nodeSource';
import { TreePoller } from './poller';
import type { TreeSink, TreeSource, TreeSourceKind } from './source';

/** `auto`: poll only where the file system delivers no events; `always` (`--poll`); `never` (`--no-poll`). */
export type PollMode = 'auto' | 'always' | 'never';

export const DEFAULT_POLL_INTERVAL_MS = 500;

export interface TreeWatchSettings {
  /** The user's ignore globs (node_modules and hidden folders are always ignored). */
  ignore?: readonly string[];
  poll?: PollMode;
  pollIntervalMs?: number;
  /** One line for the user: how the tree is watched when that is not the usual way, or why that changed. */
  onNotice?: (level: 'info' | 'warning', message: string) => void;
  /** Injected in tests: the file system's facts and the native watcher (undefined: it cannot load). */
  facts?: FileSystemFacts;
  loadNative?: typeof loadNativeWatcher;
}

/**
 * The change feed of a whole tree (the CLI's live reload, a backend's `watch` folder). Two parts:
 *
 * - a tree source hears of changes anywhere outside ignored folders: the native watcher, or Node's
 *   fs.watch where it cannot load, or polling where events never come (a file system that delivers
 *   none, or the watch limit reached);
 * - folder watches vouch for the folders the caches hold (the native watcher reads events on its
 *   own thread, so it cannot promise a change is heard before the next request). A change in a held
 *   folder is reported by its folder watch; the tree source's echo of it is dropped.
 *
 * `start` runs after the server listens, never before a response; until then and whatever fails,
 * the server serves (files are re-checked with a stat where nothing vouches). Paths are real paths.
 */
export class TreeWatch implements ChangeFeed, Subscription {
  private readonly listeners = new Listeners();
  private readonly folders = new FolderWatches();
  private readonly ignore;
  private source: TreeSource | undefined;
  private starting: Promise<TreeSourceKind | undefined> | undefined;
  private realRoot: string;
  private closed = false;
  private vouching = true;
  /**
   * When the feed was made: a poller reports what changed from then on, its first walk included.
   * Two seconds early, since file times come from a coarser clock (and some file systems keep whole
   * seconds); what it reports too many is a change that was not.
   */
  private readonly madeAt = Date.now() - 2000;
  /** A source that opened after `close`: closed at once, and awaited by `close`. */
  private lateClose: Promise<void> | undefined;

  constructor(
    private readonly root: string,
    private readonly settings: TreeWatchSettings = {},
  ) {
    // Resolved at once: the caches hold real paths from the first request on.
    this.realRoot = realPathOr(root);
    this.ignore = treeIgnore(settings.ignore);
    this.folders.onChange((change) => this.listeners.fire(change.path));
  }

  /** How the tree is watched now (undefined before `start`, or when nothing could watch it). */
  get kind(): TreeSourceKind | undefined {
    return this.source?.kind;
  }

  /** The source, for measuring (a poller's last walk). */
  get current(): TreeSource | undefined {
    return this.source;
  }

  /** Starts hearing of the tree; resolves with how, never rejects. */
  start(): Promise<TreeSourceKind | undefined> {
    this.starting ??= this.open();
    return this.starting;
  }

  onChange(listener: (change: FileChange) => void): Subscription {
    return this.listeners.add(listener);
  }

  covers(dir: string): boolean {
    return this.vouching && this.folders.covers(dir);
  }

  hold(dir: string): boolean {
    return this.vouching && !this.closed && isInside(this.realRoot, dir) && this.folders.hold(dir);
  }

  release(dir: string): void {
    this.folders.release(dir);
  }

  dispose(): void {
    void this.close();
  }

  /** Ends every watch; resolves once the tree source has let go. */
  async close(): Promise<void> {
    this.closed = true;
    this.folders.close();
    const source = this.source;
    this.source = undefined;
    await this.starting;
    await source?.close().catch(() => undefined);
    await this.lateClose;
  }

  private async open(): Promise<TreeSourceKind | undefined> {
    const { poll = 'auto' } = this.settings;
    const eventless =
      poll === 'auto' ? await eventlessFileSystem(this.realRoot, this.settings.facts ?? SYSTEM_FACTS) : undefined;
    if (poll === 'always') return this.startPolling(`Polling ${this.root} as asked`);
    if (eventless)
      return this.startPolling(`${this.root} is on ${eventless}, which reports no changes made outside this system`);
    try {
      const native = (this.settings.loadNative ?? loadNativeWatcher)();
      if (native) return this.use(await nativeSource(native, this.realRoot, this.ignore.globs, this.sink()));
      this.notice('info', 'The native file watcher could not load; watching with fs.watch.');
      return this.use(nodeSource(this.realRoot, (rel) => this.ignore.test(rel), this.sink()));
    } catch (err) {
      if (isWatchLimit(err)) return this.startPolling(undefined, err as Error);
      this.notice(
        'warning',
        `Watching ${this.root} failed (${(err as Error).message}); pages are not updated on changes.`,
      );
      return undefined;
    }
  }

  /** Polls instead of any watching; the folder watches stop vouching (they may be as deaf as the tree's). */
  private async startPolling(why?: string, limit?: Error): Promise<TreeSourceKind | undefined> {
    const poll = this.settings.poll ?? 'auto';
    const interval = this.settings.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    if (limit) this.notice('warning', watchLimitMessage(await currentWatchLimit()));
    else if (why)
      this.notice(
        'info',
        poll === 'always'
          ? `${why}: for changes every ${interval} ms (stretched on a big tree, so polling keeps the process busy a tenth of the time at most).`
          : `${why}: polling for changes every ${interval} ms (--no-poll to rely on events).`,
      );
    this.vouching = false;
    this.folders.close();
    this.listeners.fire(this.realRoot);
    try {
      return this.use(
        await TreePoller.start(this.realRoot, (rel) => this.ignore.test(rel), interval, this.sink(), this.madeAt),
      );
    } catch (err) {
      this.notice(
        'warning',
        `Polling ${this.root} failed (${(err as Error).message}); pages are not updated on changes.`,
      );
      return undefined;
    }
  }

  private use(source: TreeSource): TreeSourceKind | undefined {
    if (this.closed) {
      this.lateClose = source.close().catch(() => undefined);
      return undefined;
    }
    this.source = source;
    return source.kind;
  }

  private sink(): TreeSink {
    let failedOnce = false;
    return {
      changed: (paths) => {
        if (this.closed) return;
        for (const p of paths) if (!this.covers(path.dirname(p))) this.listeners.fire(p);
      },
      failed: (err) => {
        if (this.closed || failedOnce) return;
        // Whatever it missed counts as changed; the watch limit turns to polling, anything else is said once.
        this.listeners.fire(this.realRoot);
        failedOnce = true;
        if (this.source?.kind === 'poll')
          return void this.notice('warning', `Polling ${this.root}: ${err.message}; still trying.`);
        const broken = this.source;
        this.source = undefined;
        void broken?.close().catch(() => undefined);
        if (isWatchLimit(err)) void this.startPolling(undefined, err);
        else this.notice('warning', `Watching ${this.root} failed (${err.message}); pages are not updated on changes.`);
      },
    };
  }

  private notice(level: 'info' | 'warning', message: string): void {
    if (!this.closed) this.settings.onNotice?.(level, message);
  }
}

function realPathOr(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return dir;
  }
}

async function currentWatchLimit(): Promise<number | undefined> {
  try {
    return Number((await fs.promises.readFile('/proc/sys/fs/inotify/max_user_watches', 'utf8')).trim()) || undefined;
  } catch {
    return undefined;
  }
}
