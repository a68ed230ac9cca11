import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileCache } from './fileCache';
import type { RouteMemo } from './routeMemo';

/** What remembering a 404 needs: the served root, the cache's folder watches and the route memo. */
export interface MissingMemo {
  realRoot: string;
  cache: FileCache;
  routes: RouteMemo;
}

/** A folder that was watched, and the route memo's generation, before a lookup began. */
export interface MissingWatch {
  dir: string;
  joined: string;
  generation: number;
}

/**
 * Before looking a target up: notes whether a 404 for it could be remembered, which needs the
 * folder its file would appear in to be watched already (so no creation there goes unheard).
 */
export function watchForMissing(memo: MissingMemo, segments: readonly string[]): MissingWatch | undefined {
  if (segments.length === 0) return undefined;
  const joined = path.join(memo.realRoot, ...segments);
  const dir = path.dirname(joined);
  // Watched folders are real paths: one that equals `dir` means no link sits on the way there.
  return memo.cache.watchesFolder(dir) ? { dir, joined, generation: memo.routes.generation } : undefined;
}

/**
 * After a 404 answered with `page`: lets the hot path answer the same raw target while that folder stays watched and
 * unchanged. Only when the name itself is absent: a dangling symlink's target could appear in a
 * folder nobody watches. The memo refuses it if anything changed, or a watch ended, meanwhile.
 */
export async function rememberMissing(
  memo: MissingMemo,
  rawTarget: string,
  watch: MissingWatch,
  page: Buffer,
): Promise<void> {
  try {
    await fs.promises.lstat(watch.joined);
    return; // something is there (a dangling link, a FIFO): keep asking the disk
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return;
  }
  if (memo.cache.watchesFolder(watch.dir)) memo.routes.rememberMissing(rawTarget, watch.dir, watch.generation, page);
}
