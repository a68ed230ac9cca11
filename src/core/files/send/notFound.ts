import * as fs from 'node:fs';
import { encodePath, escapeHtml, isHiddenSegment, renderPage } from '../../http';
import { lookup } from '../fileLookup';

/** What the built-in 404 page can offer: the nearest folder that exists, and names like the missing one. */
export interface NotFoundHelp {
  /** The deepest existing folder on the way to the missing path (URL segments). */
  nearest: string[];
  /** Up to three entries of that folder whose names are close to the missing one. */
  suggestions: { name: string; href: string }[];
}

const MAX_SUGGESTIONS = 3;
/** Folders walked down at most to find the nearest one that exists. */
const MAX_WALK = 32;
/** No file system has longer names: a longer missing name has no near neighbour. */
const MAX_NAME = 255;
/** A folder with more entries than this is not searched for suggestions. */
const MAX_ENTRIES = 2000;

/**
 * Finds the nearest folder that exists on the way to the missing path, and, when `suggest`
 * allows (listings are on), names there that are a typo away from the missing one; only what a
 * listing would show (nothing hidden, nothing outside the root). Any web page can ask for a 404,
 * so its cost is bounded: the walk goes down from the root, one lookup per folder that exists
 * (at most MAX_WALK), however long the missing path is; suggestions read one folder's names
 * (none past MAX_ENTRIES, none for a name no file system allows) and look up only the few picked.
 */
export async function notFoundHelp(
  realRoot: string,
  segments: readonly string[],
  suggest: boolean,
): Promise<NotFoundHelp> {
  let nearest: string[] = [];
  let realDir = realRoot;
  for (let depth = 0; depth < Math.min(segments.length - 1, MAX_WALK); depth++) {
    const found = await lookup(realRoot, segments.slice(0, depth + 1));
    if (found.kind !== 'directory') break;
    nearest = segments.slice(0, depth + 1);
    realDir = found.realPath;
  }
  const wanted = segments[nearest.length];
  const none = { nearest, suggestions: [] };
  if (!suggest || wanted === undefined || wanted.length > MAX_NAME) return none;
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(realDir, { withFileTypes: true });
  } catch {
    return none;
  }
  if (entries.length > MAX_ENTRIES) return none;
  const visible = entries
    .filter((d) => !isHiddenSegment(d.name))
    .map((d) => ({ name: d.name, isDirectory: d.isDirectory() }));
  const suggestions: NotFoundHelp['suggestions'] = [];
  for (const entry of closestNames(wanted, visible)) {
    // Contained after links, and not hidden behind one: what a listing would show.
    const found = await lookup(realRoot, [...nearest, entry.name]);
    if (found.kind === 'error') continue;
    const folder = found.kind === 'directory';
    suggestions.push({
      name: folder ? `${entry.name}/` : entry.name,
      href: encodePath([...nearest, entry.name], folder),
    });
  }
  return { nearest, suggestions };
}

/** Names within a small edit distance of `wanted` (case-insensitive), closest first. */
export function closestNames<E extends { name: string }>(wanted: string, entries: readonly E[]): E[] {
  const target = wanted.toLowerCase();
  const stem = (n: string) => n.replace(/\.[^.]*$/, '');
  const limit = Math.max(1, Math.min(3, Math.floor(target.length / 3)));
  return entries
    .map((e) => {
      const name = e.name.toLowerCase();
      // "about.htm" for "about.html", "readme" for "README.md": the same name, another extension.
      const sameStem = stem(name) === stem(target) || name === stem(target) || stem(name) === target;
      return { e, d: sameStem ? 0.5 : editDistance(target, name, limit) };
    })
    .filter((c) => c.d <= limit && c.e.name.toLowerCase() !== target)
    .sort((a, b) => a.d - b.d || a.e.name.localeCompare(b.e.name))
    .slice(0, MAX_SUGGESTIONS)
    .map((c) => c.e);
}

/**
 * Optimal string alignment distance (Levenshtein plus adjacent swaps, the usual typo), giving
 * up past `limit` so a folder of thousands of names stays cheap.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prevPrev[j - 2] + 1);
      row.push(v);
      best = Math.min(best, v);
    }
    if (best > limit) return limit + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length];
}

const NOT_FOUND_STYLE = `
code{font:14px ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}
ul{padding-left:1.25rem}li{margin:.25rem 0}
p.muted{color:var(--muted)}
`;

/** The built-in 404 page: the missing path, the nearest folder, and the suggestions. Everything escaped. */
export function renderNotFound(segments: readonly string[], trailingSlash: boolean, help: NotFoundHelp): string {
  const missing = '/' + segments.join('/') + (trailingSlash && segments.length > 0 ? '/' : '');
  const nearestHref = encodePath(help.nearest, true);
  const nearestLabel = '/' + help.nearest.map((s) => s + '/').join('');
  let body = `<h1>404 Not Found</h1>\n<p>Nothing is served at <code>${escapeHtml(missing)}</code>.</p>\n`;
  if (help.suggestions.length > 0) {
    body += `<p>Did you mean:</p>\n<ul>\n${help.suggestions.map((s) => `<li><a href="${escapeHtml(s.href)}"><code>${escapeHtml(s.name)}</code></a></li>`).join('\n')}\n</ul>\n`;
  }
  body += `<p class="muted">The nearest folder that exists is <a href="${escapeHtml(nearestHref)}"><code>${escapeHtml(nearestLabel)}</code></a>.</p>`;
  return renderPage('404 Not Found', body, NOT_FOUND_STYLE);
}
