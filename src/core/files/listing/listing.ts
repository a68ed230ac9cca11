import * as fs from 'node:fs';
import * as path from 'node:path';
import { encodePath, escapeHtml, isHiddenSegment, renderPage } from '../../http';
import { isInside } from '../fileLookup';
import { ICON_STYLE, iconClass, iconKind } from './listingIcons';
import { LISTING_SCRIPT } from './listingScript';

export interface ListingEntry {
  name: string;
  isDirectory: boolean;
  size: number;
  mtime: Date;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * Reads a directory for display. Hidden entries, broken links, links that lead outside the
 * root and special files (sockets, FIFOs) are left out: a listing shows only what can be served.
 */
export async function readListing(realDir: string, realRoot: string): Promise<ListingEntry[]> {
  const dirents = await fs.promises.readdir(realDir, { withFileTypes: true });
  const entries = await Promise.all(
    dirents.map((d) => (isHiddenSegment(d.name) ? undefined : describe(realDir, realRoot, d))),
  );
  return sortEntries(entries.filter((e): e is ListingEntry => e !== undefined));
}

/** One entry, or undefined when it cannot be served. Callback fs.stat: far cheaper per call than fs.promises. */
function describe(realDir: string, realRoot: string, d: fs.Dirent): Promise<ListingEntry | undefined> | undefined {
  const full = path.join(realDir, d.name);
  const statIt = () =>
    new Promise<ListingEntry | undefined>((resolve) => {
      fs.stat(full, (err, st) => {
        if (err || (!st.isFile() && !st.isDirectory())) resolve(undefined);
        else resolve({ name: d.name, isDirectory: st.isDirectory(), size: st.size, mtime: st.mtime });
      });
    });
  if (!d.isSymbolicLink()) return statIt();
  // A link is listed only if it could be served: inside the root and not onto a hidden name.
  const servable = (real: string) =>
    isInside(realRoot, real) && !path.relative(realRoot, real).split(path.sep).some(isHiddenSegment);
  return fs.promises.realpath(full).then(
    (real) => (servable(real) ? statIt() : undefined),
    () => undefined,
  );
}

/** Directories first, then files, each in natural order ("file2" before "file10"). */
export function sortEntries(entries: ListingEntry[]): ListingEntry[] {
  return entries.sort((a, b) => Number(b.isDirectory) - Number(a.isDirectory) || collator.compare(a.name, b.name));
}

/** The listing as JSON for scripts: names, types, sizes and times, never a path on disk. */
export function renderListingJson(entries: readonly ListingEntry[]): string {
  return JSON.stringify(
    entries.map((e) => ({
      name: e.name,
      type: e.isDirectory ? 'directory' : 'file',
      size: e.isDirectory ? null : e.size,
      mtime: e.mtime.toISOString(),
    })),
  );
}

const LISTING_STYLE = `
nav{margin:0 0 1rem;color:var(--muted)}
table{border-collapse:collapse;width:100%;max-width:60rem}
th,td{padding:.35rem .75rem;text-align:left;border-bottom:1px solid var(--line)}
th{font-weight:600;color:var(--muted);font-size:.85rem}
td.size,td.time,th.size,th.time{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums;color:var(--muted)}
tbody tr:hover{background:var(--row)}
td.name{overflow-wrap:anywhere;padding-left:calc(.75rem + 16px + .45rem);text-indent:calc(-16px - .45rem)}
@media (max-width:30rem){th,td{padding:.35rem .4rem}td.name{padding-left:calc(.4rem + 16px + .45rem)}.hm{display:none}}
.dir a{font-weight:600}
.empty,#nomatch{color:var(--muted);font-style:italic}
th button{font:inherit;color:inherit;background:none;border:0;padding:0;cursor:pointer}
th button{position:relative}
th[aria-sort=ascending] button::after,th[aria-sort=descending] button::after{position:absolute;left:100%;padding-left:.2em}
th[aria-sort=ascending] button::after{content:"↑"}th[aria-sort=descending] button::after{content:"↓"}
#filter{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:.3rem .6rem;margin:0 0 .75rem;width:min(20rem,100%)}
${ICON_STYLE}`;

/**
 * Renders the listing of the directory at URL `segments`: an icon per entry, a filter box and
 * sortable columns (LISTING_SCRIPT; without scripts the table reads as served: folders first,
 * natural order). Every name is escaped, every href encoded.
 */
export function renderListing(segments: readonly string[], entries: readonly ListingEntry[]): string {
  const title = `Index of ${decodeForTitle(segments)}`;
  const rows: string[] = [];
  if (segments.length > 0) {
    rows.push(
      `<tr class="dir up"><td class="name k-up"><a href="${escapeHtml(encodePath(segments.slice(0, -1), true))}">../</a></td><td class="size">—</td><td class="time"></td></tr>`,
    );
  }
  // Sorting reads what the row shows: the name, the size's title (bytes), the time's datetime.
  for (const e of entries) {
    const href = encodePath([...segments, e.name], e.isDirectory);
    const label = e.isDirectory ? `${e.name}/` : e.name;
    rows.push(
      `<tr${e.isDirectory ? ' class="dir"' : ''}><td class="name ${iconClass(iconKind(e.name, e.isDirectory))}"><a href="${escapeHtml(href)}">${escapeHtml(label)}</a></td>` +
        `<td class="size"${e.isDirectory ? '' : ` title="${e.size} bytes"`}>${e.isDirectory ? '—' : formatSize(e.size)}</td>` +
        `<td class="time">${timeCell(e.mtime)}</td></tr>`,
    );
  }
  if (entries.length === 0) rows.push('<tr><td class="empty" colspan="3">This folder is empty.</td></tr>');
  const sortable = (key: string, label: string, cls = '') =>
    `<th scope="col"${cls} data-sort="${key}"><button type="button">${label}</button></th>`;
  const body = `<h1>${escapeHtml(title)}</h1>
<nav aria-label="Breadcrumb">${breadcrumb(segments)}</nav>
<input type="search" id="filter" placeholder="Filter names" aria-label="Filter names" autocomplete="off" hidden>
<table>
<thead><tr>${sortable('name', 'Name')}${sortable('size', 'Size', ' class="size"')}${sortable('time', 'Modified', ' class="time"')}</tr></thead>
<tbody data-ferrox-sorted>
${rows.join('\n')}
</tbody>
</table>
<p id="nomatch" hidden>No names match the filter.</p>
<script>${LISTING_SCRIPT}</script>`;
  return renderPage(title, body, LISTING_STYLE);
}

function decodeForTitle(segments: readonly string[]): string {
  return '/' + segments.map((s) => s + '/').join('');
}

function breadcrumb(segments: readonly string[]): string {
  const parts = [`<a href="/">root</a>`];
  segments.forEach((s, i) => {
    parts.push(`<a href="${escapeHtml(encodePath(segments.slice(0, i + 1), true))}">${escapeHtml(s)}</a>`);
  });
  return parts.join(' / ');
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

export function formatSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${UNITS[unit]}`;
}

/** The time on this machine's clock, as the user reads it; the zone and UTC in the tooltip. */
function timeCell(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const local = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
  const offset = -d.getTimezoneOffset();
  const zone = `UTC${offset < 0 ? '-' : '+'}${p(Math.floor(Math.abs(offset) / 60))}:${p(Math.abs(offset) % 60)}`;
  const iso = d.toISOString();
  // On a phone the hour and minute give way (CSS), so the name keeps the room.
  const shown = `${local.slice(0, 10)}<span class="hm"> ${local.slice(11)}</span>`;
  return `<time datetime="${iso}" title="${local} ${zone} (${iso.slice(0, 16).replace('T', ' ')} UTC)">${shown}</time>`;
}
