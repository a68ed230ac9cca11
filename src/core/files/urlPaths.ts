import * as path from 'node:path';
import { isInside } from './fileLookup';

/**
 * The segments of `filePath` below the first of `roots` that holds it (the root as configured
 * and with its symlinks resolved: a path under either maps alike); undefined under none, or for
 * the root itself. `SiteTree` maps files and URL paths across the root and its mounts with it.
 */
export function segmentsOf(filePath: string, roots: readonly string[]): string[] | undefined {
  const base = roots.find((root) => isInside(root, filePath));
  if (base === undefined) return undefined;
  const rel = path.relative(base, filePath);
  return rel === '' ? undefined : rel.split(path.sep);
}
