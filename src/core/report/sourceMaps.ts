import * as fs from 'node:fs';
import * as path from 'node:path';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { isInside } from '../files';

/** Where a position in a bundled file came from, by its source map. */
export interface OriginalPosition {
  /** The source as the map names it (`../src/app.ts`, `webpack://app/./src/app.ts`): public, since the map is served. */
  source: string;
  /** The source on disk, when the name resolves inside the folders sources may be in, to a file that exists. */
  file?: string;
  /** 1-based, as browsers and editors count. */
  line: number;
  /** 1-based. */
  column: number;
}

/** Maps bigger than this are not read (a map is read whole). */
const MAX_MAP_BYTES = 32 * 1024 * 1024;
const CACHE_ENTRIES = 32;
/** `//# sourceMappingURL=…` (or the old `//@`) on the file's last lines. */
const MAPPING_URL = /\/[/*][#@]\s*sourceMappingURL=([^\s*'"]+)\s*(?:\*\/\s*)?$/;

const cache = new Map<string, { stamp: string; map: TraceMap | undefined; mapPath: string }>();

/**
 * The original of a 1-based `line` and `column` in `file` (a served file with links resolved),
 * through the map its `sourceMappingURL` names (inline as a data: URL, or a file inside `root`),
 * or `file.map` beside it. Undefined when there is no map or it says nothing of the position.
 * The original is named on disk only inside `within` (the served folder, the workspace): a map
 * is the page's word, and must not make Ferrox look elsewhere. Maps are parsed by
 * @jridgewell/trace-mapping and kept per file version.
 */
export async function originalPosition(
  root: string,
  file: string,
  line: number,
  column: number,
  within: readonly string[] = [root],
): Promise<OriginalPosition | undefined> {
  const found = await mapOf(root, file);
  if (!found?.map) return undefined;
  const pos = originalPositionFor(found.map, { line, column: Math.max(0, column - 1) });
  if (pos.source === null || pos.line === null) return undefined;
  const onDisk = sourceFile(found.mapPath, pos.source, within);
  const exists =
    onDisk !== undefined &&
    (await fs.promises.realpath(onDisk).then(
      async (real) => within.some((dir) => isInside(dir, real)) && (await fs.promises.stat(real)).isFile(),
      () => false,
    ));
  return { source: pos.source, ...(exists ? { file: onDisk } : {}), line: pos.line, column: (pos.column ?? 0) + 1 };
}

/**
 * Where a map's `sources` entry is on disk, by the map's own place (`mapPath`), when that lies
 * inside one of `within`; undefined otherwise. Never a network path: on Windows `//host/share`
 * (or `\\host\share`, or `file://host/share`) is a UNC path, and merely looking at one opens an
 * SMB connection that hands the user's hash to the host. A URL of another scheme
 * (`webpack://`) names no file. `paths` is path.win32 in tests of Windows paths.
 */
export function sourceFile(
  mapPath: string,
  source: string,
  within: readonly string[],
  paths: path.PlatformPath = path,
): string | undefined {
  let name = source;
  const drive = paths.sep === '\\' && /^[a-z]:[\\/]/i.test(name);
  if (/^file:/i.test(name)) {
    let url: URL;
    try {
      url = new URL(name);
    } catch {
      return undefined;
    }
    if (url.host !== '') return undefined;
    try {
      name = decodeURIComponent(url.pathname);
    } catch {
      return undefined;
    }
    // file:///C:/src/app.ts
    if (paths.sep === '\\' && /^\/[a-z]:/i.test(name)) name = name.slice(1);
  } else if (!drive && /^[a-z][a-z0-9+.-]*:/i.test(name)) {
    return undefined;
  }
  if (/^[\\/]{2}/.test(name)) return undefined;
  const resolved = paths.resolve(paths.dirname(mapPath), name);
  if (/^[\\/]{2}/.test(resolved)) return undefined;
  return within.some((dir) => isInside(dir, resolved, paths)) ? resolved : undefined;
}

async function mapOf(root: string, file: string) {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch {
    return undefined;
  }
  const stamp = `${stat.size}:${stat.mtimeMs}`;
  const known = cache.get(file);
  if (known?.stamp === stamp) return known;
  const found = { stamp, ...(await readMap(root, file, stat.size)) };
  cache.delete(file);
  cache.set(file, found);
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  return found;
}

async function readMap(
  root: string,
  file: string,
  size: number,
): Promise<{ map: TraceMap | undefined; mapPath: string }> {
  const none = { map: undefined, mapPath: file };
  try {
    // Read whole: an inline map (a data: URL) may be most of the file.
    if (size > MAX_MAP_BYTES) return none;
    const text = await fs.promises.readFile(file, 'utf8');
    const url = MAPPING_URL.exec(text.slice(text.lastIndexOf('sourceMappingURL=') - 4).trimEnd())?.[1];
    if (url?.startsWith('data:')) {
      const comma = url.indexOf(',');
      const body = url.slice(comma + 1);
      const json = /;base64$/.test(url.slice(0, comma))
        ? Buffer.from(body, 'base64').toString('utf8')
        : decodeURIComponent(body);
      return { map: new TraceMap(json), mapPath: file };
    }
    const mapPath = url ? path.resolve(path.dirname(file), decodeURIComponent(url.split(/[?#]/)[0])) : `${file}.map`;
    // Only a map inside the served folder: a page must not make Ferrox read files elsewhere.
    if (!isInside(root, mapPath)) return none;
    const real = await fs.promises.realpath(mapPath);
    if (!isInside(root, real) || (await fs.promises.stat(real)).size > MAX_MAP_BYTES) return none;
    return { map: new TraceMap(await fs.promises.readFile(real, 'utf8')), mapPath: real };
  } catch {
    return none;
  }
}
