import * as fs from 'node:fs';
import * as path from 'node:path';
import { isHiddenSegment } from '../http';

export type Lookup =
  { kind: 'file' | 'directory'; realPath: string } | { kind: 'error'; status: 403 | 404 | 500; reason: string };

const NOT_FOUND: Lookup = { kind: 'error', status: 404, reason: 'Not found.' };

/**
 * Finds what decoded `segments` name under `realRoot` (the root with its own symlinks resolved).
 * Symlinks are followed and the result must still lie inside the root and must not be hidden;
 * anything else (sockets, FIFOs, devices) is not served, so a request can never block on a pipe.
 */
export async function lookup(
  realRoot: string,
  segments: readonly string[],
  platform: NodeJS.Platform = process.platform,
): Promise<Lookup> {
  // Before the file system sees them: on Windows these names open devices or other names than they say.
  if (platform === 'win32' && segments.some(isUnsafeOnWindows)) return NOT_FOUND;
  const joined = path.join(realRoot, ...segments);
  if (!isInside(realRoot, joined)) return { kind: 'error', status: 403, reason: 'The path leaves the served folder.' };
  let realPath: string;
  let stats: fs.Stats;
  try {
    realPath = await fs.promises.realpath(joined);
    if (realPath !== joined) {
      if (!isInside(realRoot, realPath)) {
        return { kind: 'error', status: 403, reason: 'This path is a link that leads outside the served folder.' };
      }
      if (path.relative(realRoot, realPath).split(path.sep).some(isHiddenSegment)) return NOT_FOUND;
    }
    stats = await fs.promises.stat(realPath);
  } catch (err) {
    return fsErrorLookup(err);
  }
  if (stats.isFile()) return { kind: 'file', realPath };
  if (stats.isDirectory()) return { kind: 'directory', realPath };
  return NOT_FOUND;
}

/**
 * Containment by path.relative, never by string prefix: `/srv/site2` is not inside `/srv/site`.
 * `paths` is the platform's path module (path.win32 in tests of Windows paths).
 */
export function isInside(root: string, candidate: string, paths: path.PlatformPath = path): boolean {
  const rel = paths.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..' + paths.sep) && rel !== '..' && !paths.isAbsolute(rel));
}

/** Windows' reserved device names, with any extension (`con.txt`, `nul.tar.gz`), in any case. */
const WINDOWS_DEVICE = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(?:\.[^.]*)*$/i;

/**
 * A segment Windows would not take at its word: a reserved device name (`CON`, `NUL`, `COM1`…,
 * whatever follows the dot), a name it trims (a trailing dot or space: `index.html.` opens
 * index.html), or one with a colon (an alternate data stream, `file.txt::$DATA`).
 */
export function isUnsafeOnWindows(segment: string): boolean {
  const bare = segment.replace(/[. ]+$/, '');
  return bare !== segment || segment.includes(':') || WINDOWS_DEVICE.test(bare.replace(/ +(?=\.|$)/g, ''));
}

/** The one place file-system error codes become HTTP statuses. */
export function statusForFsError(err: unknown): 403 | 404 | 500 {
  switch ((err as NodeJS.ErrnoException | undefined)?.code) {
    case 'ENOENT':
    case 'ENOTDIR':
    case 'ENAMETOOLONG':
    case 'ELOOP':
    case 'EISDIR':
      return 404;
    case 'EACCES':
    case 'EPERM':
      return 403;
    default:
      return 500;
  }
}

export function fsErrorLookup(err: unknown): Lookup {
  const status = statusForFsError(err);
  if (status === 404) return NOT_FOUND;
  if (status === 403) return { kind: 'error', status, reason: 'The server may not read this path.' };
  return { kind: 'error', status, reason: 'The file could not be read.' };
}
