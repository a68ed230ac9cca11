import * as fs from 'node:fs';
import type { CachedFile } from '../cache/fileCache';
import type { ContentOverlay } from './representation';

/** The source text of a page as a browser got it: what live reload compares to decide between a morph and a reload. */
export interface PageSource {
  bytes: Buffer;
  /** True for unsaved editor text. */
  unsaved: boolean;
}

/** Pages larger than this are always reloaded: they are read whole for every change. */
export const MAX_PAGE_BYTES = 256 * 1024;

/**
 * What a request for `realPath` is answered with, when its bytes are in memory already:
 * unsaved text first, as serveFile prefers it, then the cache entry. Costs no I/O.
 */
export function servedPageSource(
  realPath: string,
  overlay?: ContentOverlay,
  cached?: CachedFile,
): PageSource | undefined {
  const doc = overlay?.get(realPath);
  if (doc) return { bytes: doc.content, unsaved: true };
  return cached ? { bytes: cached.body, unsaved: false } : undefined;
}

/** Opening never follows a link at the last step: a path looked up as contained stays so (where the platform can say so). */
const NO_FOLLOW = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0);

/**
 * Reads a page's current source: unsaved text, else the file, read whole through one open
 * descriptor (`realPath` as a lookup resolved it; a link put there since is not followed).
 * Undefined when it is gone, not a file, too large, or written to mid-read.
 */
export async function readPageSource(
  realPath: string,
  overlay?: ContentOverlay,
  maxBytes = MAX_PAGE_BYTES,
): Promise<PageSource | undefined> {
  const doc = overlay?.get(realPath);
  if (doc) return { bytes: doc.content, unsaved: true };
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(realPath, NO_FOLLOW);
    const st = await handle.stat();
    if (!st.isFile() || st.size > maxBytes) return undefined;
    const bytes = await handle.readFile();
    // Written to meanwhile: the size no longer describes the bytes. The next event reads again.
    if (bytes.length !== st.size) return undefined;
    return { bytes, unsaved: false };
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}
