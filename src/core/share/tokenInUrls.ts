/**
 * The share token in a request target's query: what logs, backends and address bars must never
 * keep. (`?token=` opens a shared server; the gate turns it into a cookie.) A parameter counts as
 * the token whatever its spelling: its name is compared once decoded (`%74oken` is `token`), as
 * URLSearchParams, and so the gate, reads it. Other parameters keep their bytes exactly.
 */

const NAME = 'token';

function decodedName(piece: string): string {
  const eq = piece.indexOf('=');
  const raw = (eq < 0 ? piece : piece.slice(0, eq)).replace(/\+/g, ' ');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The target's path and its query pieces (without the `?`), and any fragment. */
function split(target: string): { path: string; pieces: string[]; hash: string } | undefined {
  const q = target.indexOf('?');
  if (q < 0) return undefined;
  const hashAt = target.indexOf('#', q);
  const query = hashAt < 0 ? target.slice(q + 1) : target.slice(q + 1, hashAt);
  return { path: target.slice(0, q), pieces: query.split('&'), hash: hashAt < 0 ? '' : target.slice(hashAt) };
}

/** Whether the target's query carries the token parameter, in any spelling. */
export function hasToken(target: string): boolean {
  return split(target)?.pieces.some((p) => decodedName(p) === NAME) ?? false;
}

/** The token's value, decoded, or null when the query has none. */
export function tokenIn(target: string): string | null {
  const q = target.indexOf('?');
  return q < 0 ? null : new URLSearchParams(target.slice(q + 1).split('#')[0]).get(NAME);
}

/** The target without the token parameter (any spelling); the rest of the query is kept byte for byte. */
export function withoutToken(target: string): string {
  const parts = split(target);
  if (!parts) return target;
  const kept = parts.pieces.filter((p) => decodedName(p) !== NAME);
  if (kept.length === parts.pieces.length) return target;
  const query = kept.filter((p) => p !== '').join('&');
  return parts.path + (query ? `?${query}` : '') + parts.hash;
}

/** For logs: the target with every token value (any spelling) replaced by REDACTED. */
export function redactToken(target: string): string {
  const parts = split(target);
  if (!parts || !parts.pieces.some((p) => decodedName(p) === NAME)) return target;
  const pieces = parts.pieces.map((p) => (decodedName(p) === NAME ? `${p.split('=')[0]}=REDACTED` : p));
  return `${parts.path}?${pieces.join('&')}${parts.hash}`;
}

/** A URL (a Referer, a link) without the token in its query; unparsable text is returned whole. */
export function urlWithoutToken(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  if (!scheme) return withoutToken(url);
  return scheme[0] + withoutToken(url.slice(scheme[0].length));
}
