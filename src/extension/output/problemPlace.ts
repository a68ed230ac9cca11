import * as path from 'node:path';
import type { BrowserMessage } from '../../core';

/** A place in a file, 0-based, as the Problems panel counts. */
export interface ProblemPlace {
  file: string;
  line: number;
  column: number;
}

/**
 * Where a page's runtime error goes in the Problems panel: its original source (by a source map)
 * when that lies in one of `roots` (the workspace folders and the served folder), else the served
 * file; undefined when neither is known. A map is the page's word: it must not put a path outside
 * the workspace, or a network path, in the panel. `paths` is path.win32 in tests of Windows paths.
 */
export function problemPlace(
  m: BrowserMessage,
  roots: readonly string[],
  paths: path.PlatformPath = path,
): ProblemPlace | undefined {
  const original =
    m.original?.file !== undefined &&
    isLocalPath(m.original.file, paths) &&
    roots.some((r) => holds(r, m.original!.file!, paths))
      ? m.original
      : undefined;
  const file = original?.file ?? m.file;
  if (file === undefined || !isLocalPath(file, paths)) return undefined;
  return {
    file,
    line: Math.max(0, (original ? original.line : (m.line ?? 1)) - 1),
    column: Math.max(0, (original ? original.column : (m.column ?? 1)) - 1),
  };
}

/** An absolute path on this machine: not `//host/share` or `\\host\share` (opening one is an SMB connection). */
function isLocalPath(file: string, paths: path.PlatformPath): boolean {
  return paths.isAbsolute(file) && !/^[\\/]{2}/.test(file);
}

function holds(root: string, file: string, paths: path.PlatformPath): boolean {
  const rel = paths.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !paths.isAbsolute(rel));
}
