/**
 * Turning a request target into a safe, decoded path inside the root. Pure functions: the
 * file-system half of containment (symlinks) lives in fileLookup.ts.
 */

export type ParsedTarget =
  | { ok: true; segments: string[]; trailingSlash: boolean; query: string }
  | { ok: false; status: 400 | 403 | 404; reason: string };

const ABSOLUTE_FORM = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;

/**
 * Parses `req.url`: strips an absolute-form prefix and the query, decodes percent-escapes exactly
 * once, and rejects what must never reach the file system. `new URL()` is not used on purpose: it
 * would resolve `%2e%2e` and backslashes before we could see them.
 */
export function parseTarget(rawUrl: string): ParsedTarget {
  let target = rawUrl;
  const absolute = ABSOLUTE_FORM.exec(target);
  if (absolute) target = target.slice(absolute[0].length) || '/';
  if (!target.startsWith('/')) return { ok: false, status: 400, reason: 'The request target must be a path.' };
  const hash = target.indexOf('#');
  if (hash !== -1) target = target.slice(0, hash);
  const q = target.indexOf('?');
  const query = q === -1 ? '' : target.slice(q);
  const rawPath = q === -1 ? target : target.slice(0, q);

  const split = decodeSegments(rawPath);
  if (!split) return { ok: false, status: 400, reason: 'The path has malformed percent-encoding.' };
  if (split.decoded.some((s) => s.includes('\0')))
    return { ok: false, status: 400, reason: 'The path contains a NUL byte.' };
  // A backslash is a separator on Windows; refusing it everywhere keeps behaviour identical per OS.
  if (split.decoded.some((s) => s.includes('\\')))
    return { ok: false, status: 400, reason: 'The path contains a backslash.' };

  // An encoded slash (%2F) separates segments like a plain one, as on the file system.
  const segments = split.decoded.flatMap((s) => s.split('/')).filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return { ok: false, status: 403, reason: 'The path tries to leave the served folder.' };
  if (segments.some(isHiddenSegment)) return { ok: false, status: 404, reason: 'Not found.' };
  return {
    ok: true,
    segments,
    trailingSlash: rawPath.endsWith('/') || split.decoded[split.decoded.length - 1].endsWith('/'),
    query,
  };
}

/**
 * The one path decoder: splits a raw path (without its query) at "/" and decodes each segment's
 * percent-escapes exactly once. Undefined when an escape is malformed. A decoded segment may still
 * hold anything ("..", NUL, a "/" from %2F, "\\"): callers decide what they refuse. `raw` keeps the
 * bytes as sent, segment for segment, for a proxy that forwards them unchanged.
 */
export function decodeSegments(rawPath: string): { raw: string[]; decoded: string[] } | undefined {
  const raw = rawPath.split('/').slice(1);
  try {
    return { raw, decoded: raw.map((segment) => (segment.includes('%') ? decodeURIComponent(segment) : segment)) };
  } catch {
    return undefined;
  }
}

/** The authority of an absolute-form target (`GET http://host/x`), or undefined for origin-form. */
export function absoluteFormAuthority(rawUrl: string): string | undefined {
  const absolute = ABSOLUTE_FORM.exec(rawUrl);
  return absolute ? absolute[0].replace(/^[a-z][a-z0-9+.-]*:\/\//i, '') : undefined;
}

/** Dotfiles and dot-folders are private (`.env`, `.git`), except `.well-known` (RFC 8615). */
export function isHiddenSegment(segment: string): boolean {
  return segment.startsWith('.') && segment !== '.well-known';
}

/** Re-encodes decoded segments into a canonical, same-origin URL path. */
export function encodePath(segments: readonly string[], trailingSlash: boolean): string {
  const body = segments.map(encodeSegment).join('/');
  if (body === '') return '/';
  return '/' + body + (trailingSlash ? '/' : '');
}

/** encodeURIComponent, but keeps characters that are safe in a path segment readable. */
export function encodeSegment(segment: string): string {
  const encoded = encodeURIComponent(segment);
  return encoded.includes('%') ? encoded.replace(READABLE_ESCAPES, (m) => READABLE[m.toUpperCase()]) : encoded;
}

const READABLE: Record<string, string> = {
  '%40': '@',
  '%2C': ',',
  '%3B': ';',
  '%3D': '=',
  '%2B': '+',
  '%24': '$',
  '%26': '&',
};
const READABLE_ESCAPES = /%(?:40|2C|3B|3D|2B|24|26)/gi;
