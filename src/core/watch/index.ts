/**
 * watch/: the core's producers of the ChangeFeed (files/changeFeed.ts) that the caches and live
 * reload subscribe to: FolderWatches (only the folders the caches hold; a server's own feed when
 * its host gives none), TreeWatch (a whole tree: the native watcher, fs.watch or polling, with
 * folder watches that vouch for what the caches hold) and ManualChangeFeed (a host's or a test's
 * own events). One server has one feed.
 */
export { ManualChangeFeed } from './feed';
export { FolderWatches } from './folderWatches';
export { DEFAULT_POLL_INTERVAL_MS, TreeWatch, type PollMode, type TreeWatchSettings } from './treeWatch';
export { eventlessFileSystem, type FileSystemFacts } from './fileSystems';
export { TreePoller } from './poller';
export { treeIgnore } from './ignore';
export { isWatchLimit, watchLimitMessage } from './limits';
export type { TreeSourceKind } from './source';
