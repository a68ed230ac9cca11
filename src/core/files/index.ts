/**
 * files/: the files behind the URLs. Resolves decoded path segments to real paths inside the
 * root (containment, symlinks, hidden names); cache/ keeps small files and their compressed
 * variants with the feed vouching for them, and remembers routes and 404s while nothing changed;
 * listing/ renders folder listings; send/ serves a file (or unsaved editor text) with conditional,
 * Range and compression handling, and the built-in 404 page. Knows nothing of listeners, options
 * or live reload.
 */
export { isInside, lookup, statusForFsError, type Lookup } from './fileLookup';
export { type ChangeFeed, type FileChange, type Subscription } from './changeFeed';
export { FileCache, type CachedFile } from './cache/fileCache';
export { segmentsOf } from './urlPaths';
export { RouteMemo } from './cache/routeMemo';
export { rememberMissing, watchForMissing, type MissingMemo, type MissingWatch } from './cache/missingTargets';
export {
  formatSize,
  readListing,
  renderListing,
  renderListingJson,
  sortEntries,
  type ListingEntry,
} from './listing/listing';
export { editDistance, notFoundHelp, renderNotFound, type NotFoundHelp } from './send/notFound';
export { ListingCache, type RenderedListing } from './listing/listingCache';
export { type ContentOverlay, type OverlayDocument } from './send/representation';
export { fileHeaders, serveFile, worthCompressing } from './send/serveFile';
export { readPageSource, servedPageSource, type PageSource } from './send/pageSource';
export { SiteTree, type MountedFolder, type Placement } from './siteTree';
export { LISTING_SCRIPT_HASH } from './listing/listingScript';
