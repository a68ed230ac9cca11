/** Byte ranges (RFC 9110 §14). Only a single range is served; see parseRange for the rest. */

export type RangeResult = { kind: 'none' } | { kind: 'range'; start: number; end: number } | { kind: 'unsatisfiable' };

const SPEC = /^(\d*)\s*-\s*(\d*)$/;

/**
 * Interprets a Range header for a representation of `size` bytes.
 * - absent, another unit, or unparsable: 'none' (serve 200, as the RFC says to ignore it);
 * - several ranges: 'none' too; a full 200 is always a correct answer and avoids multipart
 *   bodies that few clients need and that can amplify load;
 * - one range that starts past the end, or a zero-length suffix: 'unsatisfiable' (416).
 * Never throws, whatever the header holds.
 */
export function parseRange(header: string | undefined, size: number): RangeResult {
  if (header === undefined) return { kind: 'none' };
  const eq = header.indexOf('=');
  if (eq === -1 || header.slice(0, eq).trim().toLowerCase() !== 'bytes') return { kind: 'none' };
  const specs = header
    .slice(eq + 1)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (specs.length !== 1) return { kind: 'none' };
  const m = SPEC.exec(specs[0]);
  if (!m || (m[1] === '' && m[2] === '')) return { kind: 'none' };
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (!Number.isSafeInteger(suffix)) return { kind: 'none' };
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const last = m[2] === '' ? Infinity : Number(m[2]);
  if (!Number.isSafeInteger(start) || (last !== Infinity && !Number.isSafeInteger(last))) return { kind: 'none' };
  if (last < start) return { kind: 'none' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'range', start, end: Math.min(last, size - 1) };
}
