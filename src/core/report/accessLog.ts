import { formatSize } from '../files';
import type { AccessLogEntry } from '../transport';
import { printable } from './printable';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Common Log Format time, in UTC: `10/Oct/2000:13:55:36 +0000`. */
export function clfTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`
  );
}

/** Quotes a field for a log line: quotes and backslashes escaped, the rest printable, so a line stays one line. */
function quote(value: string | undefined): string {
  if (value === undefined || value === '') return '"-"';
  return '"' + printable(value.replace(/["\\]/g, (c) => `\\${c}`)) + '"';
}

/**
 * Formats an entry as a Combined Log Format line (Common with `combined: false`), followed by the
 * duration in milliseconds, as nginx's `$request_time` often is.
 */
export function formatAccessLog(e: AccessLogEntry, combined = true): string {
  const request = quote(`${e.method} ${e.path} HTTP/${e.httpVersion}`);
  let line = `${e.remoteAddress || '-'} - - [${clfTime(e.time)}] ${request} ${e.status} ${e.bytes > 0 ? e.bytes : '-'}`;
  if (combined) line += ` ${quote(e.referer)} ${quote(e.userAgent)}`;
  line += ` ${e.durationMs.toFixed(1)}ms`;
  // Proxied: marked with the backend's URL and its time to answer (nginx's $upstream_response_time).
  return e.upstream ? `${line} -> ${quote(e.upstream.target)} ${e.upstream.ms.toFixed(1)}ms` : line;
}

/** Paints a status code for a terminal; the core itself never prints colour. */
export type StatusPainter = (status: number, text: string) => string;

/** Queries longer than this are cut in the dev format: a line must stay one short line. */
const DEV_QUERY_CHARS = 24;

/**
 * The compact `dev` format (as morgan's): method, path, status, size and time, and for a
 * proxied request the backend's URL and time. The query is shortened; a token in it is already
 * redacted by the time an entry is made.
 */
export function formatDevLog(e: AccessLogEntry, paint: StatusPainter = (_s, t) => t): string {
  const base = `${e.method} ${shortTarget(e.path)} ${paint(e.status, String(e.status))} ${devSize(e.bytes)} ${devTime(e.durationMs)}`;
  // The host's rule that answered (its file and line), so a redirect or rewrite is never a mystery.
  const line = e.rule ? `${base} (${printable(e.rule)})` : base;
  return e.upstream ? `${line} -> ${shortTarget(e.upstream.target)} ${devTime(e.upstream.ms)}` : line;
}

function shortTarget(target: string): string {
  const safe = printable(target);
  const q = safe.indexOf('?');
  if (q < 0 || safe.length - q - 1 <= DEV_QUERY_CHARS) return safe;
  return `${safe.slice(0, q + 1 + DEV_QUERY_CHARS)}…`;
}

/** The listing's size format, so a file reads the same in both: "293 KB". */
function devSize(bytes: number): string {
  return bytes <= 0 ? '-' : formatSize(bytes);
}

function devTime(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

/**
 * Whether an entry is one of Ferrox's own requests (`/__ferrox/`: live reload's script and stream,
 * pages' console, snapshots…), also behind a path prefix (code-server's `/proxy/<port>/`): the
 * `dev` log leaves them out, as noise next to the site's; `combined` keeps everything.
 */
export function isOwnRequest(e: AccessLogEntry): boolean {
  return /^(?:\/[^?#]*)?\/__ferrox\//.test(e.path);
}
