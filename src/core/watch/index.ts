/**
 * watch/: the core's producers of the ChangeFeed (files/changeFeed.ts) that the caches and live
 * reload subscribe to: FolderWatches (only the folders the caches hold; a server's own feed when
 * its host gives none), TreeWatch (the whole tree, for the CLI's live reload) and ManualChangeFeed
 * (a host's or a test's own events). One server has one feed.
 */
export { ManualChangeFeed } from './feed';
export { FolderWatches } from './folderWatches';
export { TreeWatch } from './treeWatch';
