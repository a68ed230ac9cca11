import * as path from 'node:path';
import { decodeSegments, encodePath, parseTarget } from '../http';
import { isInside, lookup } from './fileLookup';

/**
 * The one mapping between files under the served root and the URL paths pages know them by,
 * both ways. `roots` are the root as configured and with its symlinks resolved: a path under
 * either maps to the same URL path.
 */

/** The segments of `filePath` below the first root that holds it; undefined under none (or for the root itself). */
export function segmentsOf(filePath: string, roots: readonly string[]): string[] | undefined {
  const base = roots.find((root) => isInside(root, filePath));
  if (base === undefined) return undefined;
  const rel = path.relative(base, filePath);
  return rel === '' ? undefined : rel.split(path.sep);
}

/** The URL path of `filePath` (`/docs/a%20b.html`), or undefined when it lies under no root (or is the root). */
export function urlPathOf(filePath: string, roots: readonly string[]): string | undefined {
  const segments = segmentsOf(filePath, roots);
  return segments && encodePath(segments, false);
}

/** The file behind a URL path under `root`, or undefined when it does not decode or would leave the root. */
export function fileOfUrlPath(root: string, urlPath: string): string | undefined {
  const split = decodeSegments(urlPath.startsWith('/') ? urlPath : '/' + urlPath);
  if (!split || split.decoded.some((s) => s.includes('\0'))) return undefined;
  const file = path.join(root, ...split.decoded.filter((s) => s !== ''));
  return isInside(root, file) ? file : undefined;
}

/**
 * The regular file a URL path would be served from, by the same rules as serving (decoded once,
 * no hidden names, contained after symlinks, no FIFOs or devices), as a path under `root` (the
 * configured root, so the editor shows the user's own path); undefined for anything else. For
 * paths a page names (an Alt+click, a console message's source): a page must not lead the editor
 * to `.env`, outside the folder, or onto a pipe.
 */
export async function servedFileOf(root: string, realRoot: string, urlPath: string): Promise<string | undefined> {
  const target = parseTarget(urlPath);
  if (!target.ok || target.trailingSlash) return undefined;
  const found = await lookup(realRoot, target.segments);
  return found.kind === 'file' ? path.join(root, path.relative(realRoot, found.realPath)) : undefined;
}
