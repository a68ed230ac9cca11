import * as fs from 'node:fs';
import { fileOfUrlPath } from '../files';
import type { BrowserConsoleEntry } from '../live';

/** A page's console message, with the file behind its source URL when that file is served here. */
export interface BrowserMessage extends BrowserConsoleEntry {
  /** Absolute path of the served file the message came from (a script, or the page itself). */
  file?: string;
}

/** Where a console message came from on disk: the source URL's path under the served root. */
export function locateSource(root: string, entry: BrowserConsoleEntry): BrowserMessage {
  if (!entry.source) return entry;
  let pathname: string;
  try {
    pathname = new URL(entry.source).pathname;
  } catch {
    return entry;
  }
  // Behind code-server the page lives under /proxy/<port>/; try the path with and without it.
  for (const candidate of [pathname, pathname.replace(/^\/(?:absproxy|proxy)\/\d+(?=\/)/, '')]) {
    const file = fileOfUrlPath(root, candidate);
    if (file && isFile(file)) return { ...entry, file };
  }
  return entry;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** `file:line:col` (or the source URL's), which terminals and VS Code turn into links; '' when unknown. */
export function messageLocation(m: BrowserMessage): string {
  const where = m.file ?? m.source;
  if (!where) return '';
  return `${where}${m.line !== undefined ? `:${m.line}${m.column !== undefined ? `:${m.column}` : ''}` : ''}`;
}

/** One line for a terminal: `browser <level> <page>: <message> (<source>:<line>:<col>)`. */
export function formatBrowserMessage(m: BrowserMessage): string {
  const at = messageLocation(m);
  return `browser ${m.level} ${m.page}: ${m.message.replace(/\r?\n/g, '\n    ')}${at ? ` (${at})` : ''}`;
}
