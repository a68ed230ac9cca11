import type { SiteTree } from '../files';
import type { BrowserConsoleEntry } from '../live';
import { printable } from './printable';
import { originalPosition, type OriginalPosition } from './sourceMaps';

/** A page's console message, with the file behind its source URL when that file is served here. */
export interface BrowserMessage extends BrowserConsoleEntry {
  /** Absolute path of the served file the message came from (a script, or the page itself). */
  file?: string;
  /** Where `file`'s line and column came from, by the file's source map (a bundle's original source). */
  original?: OriginalPosition;
}

/**
 * Where a console message came from on disk: the file its source URL's path is served from, by
 * the serving rules (a page names the URL: it must not point the editor at a hidden file, out of
 * the folder, or at a pipe), in the root or the mounted folder that serves it; and by its source
 * map, the original, when that lies in the served folder or in one of `sourceRoots` (the host's
 * workspace).
 */
export async function locateSource(
  tree: SiteTree,
  entry: BrowserConsoleEntry,
  sourceRoots: readonly string[] = [],
): Promise<BrowserMessage> {
  if (!entry.source) return entry;
  let pathname: string;
  try {
    pathname = new URL(entry.source).pathname;
  } catch {
    return entry;
  }
  // Behind code-server the page lives under /proxy/<port>/; try the path with and without it.
  for (const candidate of new Set([pathname, pathname.replace(/^\/(?:absproxy|proxy)\/\d+(?=\/)/, '')])) {
    const served = await tree.servedFile(candidate);
    if (!served) continue;
    const { file, realRoot } = served;
    const within = [...new Set([realRoot, tree.realRoot, ...sourceRoots])];
    const original =
      entry.line !== undefined
        ? await originalPosition(realRoot, file, entry.line, entry.column ?? 1, within)
        : undefined;
    return { ...entry, file, ...(original ? { original } : {}) };
  }
  return entry;
}

/**
 * `file:line:col` (the original source's when a source map says it, else the served file's or the
 * source URL's), which terminals and VS Code turn into links; '' when unknown. Printable: a
 * source map's `sources` name and a page's URL are the page's words.
 */
export function messageLocation(m: BrowserMessage): string {
  if (m.original) return printable(`${m.original.file ?? m.original.source}:${m.original.line}:${m.original.column}`);
  const where = m.file ?? m.source;
  if (!where) return '';
  return printable(
    `${where}${m.line !== undefined ? `:${m.line}${m.column !== undefined ? `:${m.column}` : ''}` : ''}`,
  );
}

/** One line for a terminal: `browser <level> <page>: <message> (<source>:<line>:<col>)`, every part printable. */
export function formatBrowserMessage(m: BrowserMessage): string {
  const at = messageLocation(m);
  const message = printable(m.message, { multiline: true }).replace(/\n/g, '\n    ');
  return `browser ${m.level} ${printable(m.page)}: ${message}${at ? ` (${at})` : ''}`;
}
