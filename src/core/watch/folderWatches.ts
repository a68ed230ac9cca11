import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ChangeFeed, FileChange, Subscription } from '../files';
import { Listeners } from './feed';

/** More folders than this are not watched; their files fall back to a stat per request. */
const MAX_WATCHED_DIRS = 2000;

/**
 * The feed of a server that watches no tree: it watches exactly the folders the caches hold (one
 * non-recursive fs.watch each, so start-up walks nothing however big the tree), and ends a
 * folder's watch when its last hold is released. Events arrive in this process's poll phase, so
 * every folder it holds is vouched for. A folder that cannot be watched (limits, some network
 * file systems) is not held, and its files are re-checked with a stat instead.
 */
export class FolderWatches implements ChangeFeed {
  private readonly listeners = new Listeners();
  private readonly dirs = new Map<string, { watcher: fs.FSWatcher; holds: number }>();

  onChange(listener: (change: FileChange) => void): Subscription {
    return this.listeners.add(listener);
  }

  covers(dir: string): boolean {
    return this.dirs.has(dir);
  }

  hold(dir: string): boolean {
    const known = this.dirs.get(dir);
    if (known) {
      known.holds++;
      return true;
    }
    if (this.dirs.size >= MAX_WATCHED_DIRS) return false;
    try {
      const watcher = fs.watch(dir, { persistent: false }, (_event, name) =>
        this.listeners.fire(name ? path.join(dir, name.toString()) : dir),
      );
      watcher.on('error', () => this.drop(dir, true));
      this.dirs.set(dir, { watcher, holds: 1 });
      return true;
    } catch {
      return false;
    }
  }

  release(dir: string): void {
    const known = this.dirs.get(dir);
    if (known && --known.holds <= 0) this.drop(dir, false);
  }

  /** The folders watched now. */
  get watched(): number {
    return this.dirs.size;
  }

  close(): void {
    for (const dir of [...this.dirs.keys()]) this.drop(dir, false);
  }

  private drop(dir: string, failed: boolean): void {
    const known = this.dirs.get(dir);
    if (!known) return;
    this.dirs.delete(dir);
    known.watcher.close();
    // A watch that failed vouches for nothing it held: the folder counts as changed.
    if (failed) this.listeners.fire(dir);
  }
}
