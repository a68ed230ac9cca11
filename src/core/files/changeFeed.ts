/** A file or folder under the served root changed (created, edited, deleted or renamed). */
export interface FileChange {
  /** Absolute path: a real path (symlinks resolved) from a feed that vouches for folders. */
  path: string;
  /**
   * Pages show this content already (a stylesheet's unsaved text, announced as it was typed, now
   * saved): the caches drop what they held, and pages are not told again.
   */
  shown?: boolean;
}

export interface Subscription {
  dispose(): void;
}

/**
 * What changed in the served tree: the one feed that the file cache, the listing cache and live
 * reload all subscribe to. What produces it is the host's choice (watch/ has the core's
 * producers; the extension feeds VS Code's watcher).
 *
 * A feed may also vouch for folders: it promises to report a change in a folder it holds before
 * any request that arrives after the change is handled. A cache may then serve what it read there
 * without a system call. A feed that hears late (another process's watcher) vouches for nothing,
 * and the caches check with a stat instead.
 */
export interface ChangeFeed {
  onChange(listener: (change: FileChange) => void): Subscription;
  /** Asks the feed to hear of changes in the folder `dir` until released; true when it vouches for it. */
  hold(dir: string): boolean;
  /** True while the feed vouches for `dir` (asks nothing of it). */
  covers(dir: string): boolean;
  /** Ends one hold on `dir`. */
  release(dir: string): void;
}
