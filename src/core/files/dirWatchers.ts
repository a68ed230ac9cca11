import * as fs from 'node:fs';
import * as path from 'node:path';

/** More folders than this are not watched; their files fall back to a stat per request. */
const MAX_WATCHED_DIRS = 2000;

/**
 * Watches exactly the folders that hold cached files (one non-recursive watch each), so the cache
 * can trust its entries without a stat per request. A folder's watch ends when its last cached
 * file leaves. A folder that cannot be watched (limits, network file systems) is reported as
 * unwatched, and its files are re-checked with stat instead.
 */
export class DirWatchers {
  private readonly dirs = new Map<string, { watcher: fs.FSWatcher; files: Set<string> }>();
  /** Every file some watch vouches for: one lookup per request instead of dirname and two. */
  private readonly vouched = new Set<string>();

  /**
   * `onChange` hears of every change in a watched folder; `onDrop` of every folder whose watch
   * ends, after which changes there go unheard.
   */
  constructor(
    private readonly onChange: (filePath: string | undefined, dir: string) => void,
    private readonly onDrop: (dir: string) => void = () => undefined,
  ) {}

  /** True while `dir` is watched. */
  watches(dir: string): boolean {
    return this.dirs.has(dir);
  }

  /** Starts vouching for `file`. Returns false when its folder cannot be watched. */
  add(file: string): boolean {
    const dir = path.dirname(file);
    const known = this.dirs.get(dir);
    if (known) {
      known.files.add(file);
      this.vouched.add(file);
      return true;
    }
    if (this.dirs.size >= MAX_WATCHED_DIRS) return false;
    try {
      const watcher = fs.watch(dir, { persistent: false }, (_event, name) => this.onChange(name ? path.join(dir, name.toString()) : undefined, dir));
      watcher.on('error', () => this.drop(dir, true));
      this.dirs.set(dir, { watcher, files: new Set([file]) });
      this.vouched.add(file);
      return true;
    } catch {
      return false;
    }
  }

  remove(file: string): void {
    const dir = path.dirname(file);
    const known = this.dirs.get(dir);
    if (!known) return;
    known.files.delete(file);
    this.vouched.delete(file);
    if (known.files.size === 0) this.drop(dir, false);
  }

  /** True while `file`'s folder is watched. */
  vouches(file: string): boolean {
    return this.vouched.has(file);
  }

  closeAll(): void {
    for (const dir of [...this.dirs.keys()]) this.drop(dir, false);
  }

  private drop(dir: string, failed: boolean): void {
    const known = this.dirs.get(dir);
    if (!known) return;
    this.dirs.delete(dir);
    for (const file of known.files) this.vouched.delete(file);
    known.watcher.close();
    // A watch that failed can no longer vouch for anything it held.
    if (failed) this.onChange(undefined, dir);
    this.onDrop(dir);
  }
}
