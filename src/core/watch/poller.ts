import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TreeSink, TreeSource } from './source';

/** Polling may keep the event loop busy for at most this share of the time. */
const DUTY_CYCLE = 0.1;
/** File system calls in flight at once: enough to keep libuv's threads busy, few enough to leave room for requests. */
const CONCURRENCY = 16;

/**
 * Hears of changes by looking: every `intervalMs` it walks the tree (ignored folders skipped, symbolic
 * links not followed) and compares each entry's type, size, mtime and inode with the last walk.
 * For file systems that deliver no events (WSL's /mnt/c, NFS, SMB), and after the watch limit.
 *
 * Its cost is bounded by stretching the interval: a walk that took `w` ms is followed by a pause of at
 * least 9·w, so polling holds the process busy a tenth of the time at most, however big the tree.
 */
export class TreePoller implements TreeSource {
  readonly kind = 'poll';
  private known = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private walking: Promise<unknown> | undefined;
  /** The last walk: how long it took and how many entries it saw; the pause that followed it. */
  readonly last = { walkMs: 0, entries: 0, pauseMs: 0 };

  private constructor(
    private readonly root: string,
    private readonly isIgnored: (rel: string) => boolean,
    private readonly intervalMs: number,
    private readonly sink: TreeSink,
  ) {}

  /**
   * Walks once to learn the tree, then polls until closed. A file modified at or after `since` (when
   * the feed was made, before the server listened) is reported by the first poll: a change made
   * while that first walk ran is not taken for the tree's old state.
   */
  static async start(
    root: string,
    isIgnored: (rel: string) => boolean,
    intervalMs: number,
    sink: TreeSink,
    since = Infinity,
  ): Promise<TreePoller> {
    const poller = new TreePoller(root, isIgnored, intervalMs, sink);
    poller.known = await poller.track(poller.walk(since));
    poller.schedule();
    return poller;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.walking?.catch(() => undefined);
  }

  private schedule(): void {
    if (this.closed) return;
    this.last.pauseMs = Math.max(this.intervalMs, Math.ceil((this.last.walkMs * (1 - DUTY_CYCLE)) / DUTY_CYCLE));
    this.timer = setTimeout(() => void this.poll(), this.last.pauseMs);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    try {
      const now = await this.track(this.walk());
      if (this.closed) return;
      const changed: string[] = [];
      for (const [file, signature] of now) if (this.known.get(file) !== signature) changed.push(file);
      for (const file of this.known.keys()) if (!now.has(file)) changed.push(file);
      this.known = now;
      if (changed.length > 0) this.sink.changed(changed);
    } catch (err) {
      // The root itself is gone or unreadable: say so, and keep looking (it may come back).
      if (!this.closed) this.sink.failed(err as Error);
    }
    this.schedule();
  }

  private async track<T>(work: Promise<T>): Promise<T> {
    this.walking = work;
    try {
      return await work;
    } finally {
      this.walking = undefined;
    }
  }

  /** Every entry under the root that is not ignored, with its signature (none for a file modified at or after `since`). */
  private async walk(since = Infinity): Promise<Map<string, string>> {
    const started = performance.now();
    const seen = new Map<string, string>();
    const queue: { abs: string; rel: string }[] = [];
    let rootRead = false;
    const readDir = async (abs: string, rel: string) => {
      let entries: fs.Dirent[];
      try {
        entries = await fs.promises.readdir(abs, { withFileTypes: true });
      } catch (err) {
        if (rel === '') throw err;
        return; // removed while walking: the next walk sees it gone
      }
      if (rel === '') rootRead = true;
      for (const entry of entries) {
        const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
        if (this.isIgnored(childRel)) continue;
        queue.push({ abs: path.join(abs, entry.name), rel: childRel });
      }
    };
    const visit = async (item: { abs: string; rel: string }) => {
      let stat: fs.Stats;
      try {
        stat = await fs.promises.lstat(item.abs);
      } catch {
        return;
      }
      // A folder counts as changed only when it comes or goes: what changed inside it is reported itself.
      if (stat.isDirectory()) seen.set(item.abs, `d:${stat.ino}`);
      else seen.set(item.abs, stat.mtimeMs >= since ? 'new' : `f:${stat.size}:${stat.mtimeMs}:${stat.ino}`);
      if (stat.isDirectory()) await readDir(item.abs, item.rel);
    };
    await readDir(this.root, '');
    const worker = async () => {
      for (let item = queue.pop(); item && !this.closed; item = queue.pop()) await visit(item);
    };
    // Workers take items as readdirs add them; one that finds the queue empty ends, so restart until drained.
    while (queue.length > 0 && !this.closed) await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    if (!rootRead) throw new Error(`cannot read ${this.root}`);
    this.last.walkMs = performance.now() - started;
    this.last.entries = seen.size;
    return seen;
  }
}
