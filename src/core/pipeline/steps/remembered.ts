import type { IncomingMessage } from 'node:http';
import type { CachedFile } from '../../files';
import type { Exchange, PipelineConfig } from '../exchange';
import { respondWithFile } from '../answers/respondFile';

/** The route memo's key for a decoded target: its segments, with the trailing slash kept. */
export function routeKey(segments: readonly string[], trailingSlash: boolean): string {
  return trailingSlash ? segments.join('/') + '/' : segments.join('/');
}

/**
 * The raw target, when the hot path may answer it: every request with these bytes gets this
 * file. HTML under live reload is left out: its tag depends on headers and the query.
 */
export function hotTarget(cfg: PipelineConfig, req: IncomingMessage, entry: CachedFile): string | undefined {
  return cfg.live && entry.contentType.startsWith('text/html') ? undefined : req.url;
}

/** Resolves in the event loop's check phase, after the I/O callbacks of the current poll. */
function nextPhase(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The step for a target resolved before (and found contained) to a file the cache holds: the
 * cache vouches for the file or re-checks it, and no lookup is made. Unsaved editor text for the
 * file, or a change in a watched folder meanwhile, sends the request on to a full lookup.
 */
export async function remembered(x: Exchange): Promise<boolean> {
  const { cfg, req } = x;
  const target = x.target;
  if (!target?.ok || !cfg.routes || !cfg.cache) return false;
  const key = routeKey(target.segments, target.trailingSlash);
  // Read before any lookup: a watched folder that changes meanwhile clears the memo and bumps it.
  const generation = cfg.routes.generation;
  const known = cfg.routes.get(key);
  if (known === undefined || cfg.overlay?.get(known)) return false;
  let entry = cfg.cache.peek(known);
  if (entry) {
    // Change events that arrived with this request are handled before it is answered.
    await nextPhase();
    entry = cfg.cache.peek(known);
  }
  entry ??= await cfg.cache.get(known);
  // The memo still holding this resolution means no watched folder changed meanwhile (a
  // retargeted symlink leaves the target's entry valid but the resolution stale).
  if (entry && cfg.routes.generation === generation) {
    if (cfg.routes.hot(req.url ?? '') === undefined)
      cfg.routes.remember(key, hotTarget(cfg, req, entry), known, generation);
    await respondWithFile(x, known, entry);
    return true;
  }
  if (!entry) cfg.routes.forget(key);
  return false;
}
