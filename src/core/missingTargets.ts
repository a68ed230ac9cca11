import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HandlerConfig } from './handler';

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
export function watchForMissing(cfg: HandlerConfig, segments: readonly string[]): MissingWatch | undefined {
  if (!cfg.routes || !cfg.cache || cfg.options.spa || segments.length === 0) return undefined;
  const joined = path.join(cfg.realRoot, ...segments);
  const dir = path.dirname(joined);
  // Watched folders are real paths: one that equals `dir` means no link sits on the way there.
  return cfg.cache.watchesFolder(dir) ? { dir, joined, generation: cfg.routes.generation } : undefined;
}

/**
 * After a 404: lets the hot path answer the same raw target while that folder stays watched and
 * unchanged. Only when the name itself is absent: a dangling symlink's target could appear in a
 * folder nobody watches. The memo refuses it if anything changed, or a watch ended, meanwhile.
 */
export async function rememberMissing(cfg: HandlerConfig, rawTarget: string, watch: MissingWatch): Promise<void> {
  try {
    await fs.promises.lstat(watch.joined);
    return; // something is there (a dangling link, a FIFO): keep asking the disk
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return;
  }
  if (cfg.cache?.watchesFolder(watch.dir)) cfg.routes?.rememberMissing(rawTarget, watch.dir, watch.generation);
}
