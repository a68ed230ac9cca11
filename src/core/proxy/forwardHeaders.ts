import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { urlWithoutToken, type Credentials } from '../share';
import type { ProxyRule } from './rules';

/**
 * Headers that describe one connection, not the message (RFC 9110 §7.6.1): never forwarded in
 * either direction, nor are the headers a `Connection` header names.
 */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'transfer-encoding',
  'upgrade',
  'http2-settings',
]);

function connectionTokens(headers: IncomingHttpHeaders): Set<string> {
  const value = headers.connection;
  const list = Array.isArray(value) ? value.join(',') : (value ?? '');
  return new Set(
    list
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** A copy without hop-by-hop headers and HTTP/2 pseudo-headers. `keep` survives (an upgrade's own). */
export function endToEnd(headers: IncomingHttpHeaders, keep: readonly string[] = []): OutgoingHttpHeaders {
  const named = connectionTokens(headers);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    if ((HOP_BY_HOP.has(name) || named.has(name)) && !keep.includes(name)) continue;
    out[name] = value;
  }
  return out;
}

/** Who asked, as the proxy saw it. */
export interface ClientInfo {
  /** The client's address. */
  address: string;
  /** The Host (or :authority) the client sent. */
  host: string | undefined;
  encrypted: boolean;
  /**
   * True when a proxy the user trusts stands in front: the client's X-Forwarded-* and Forwarded
   * are then its, and are appended to. Otherwise a client could put anything there, so they are replaced.
   */
  trustForwarded: boolean;
}

/**
 * The headers to send the backend: end-to-end headers only, `Host` set to the target's (or kept,
 * with changeOrigin: false), the X-Forwarded-* and Forwarded (RFC 7239) headers set (appended to
 * only behind a proxy the user trusts), and the server's own access token removed so a backend
 * never learns it.
 */
export function upstreamRequestHeaders(
  headers: IncomingHttpHeaders,
  rule: ProxyRule,
  client: ClientInfo,
  credentials: Credentials = {},
  keep: readonly string[] = [],
): OutgoingHttpHeaders {
  const out = endToEnd(headers, keep);
  // Ferrox's own request headers (X-Ferrox-Live, X-Ferrox-Page) are for Ferrox alone.
  for (const name of Object.keys(out)) if (name.startsWith('x-ferrox-')) delete out[name];
  out.host = rule.changeOrigin || client.host === undefined ? rule.target.host : client.host;
  const proto = client.encrypted ? 'https' : 'http';
  const prior = (name: string) => (client.trustForwarded ? headers[name] : undefined);
  out['x-forwarded-for'] = append(prior('x-forwarded-for'), client.address);
  out['x-forwarded-proto'] = append(prior('x-forwarded-proto'), proto);
  if (client.host !== undefined) out['x-forwarded-host'] = append(prior('x-forwarded-host'), client.host);
  else delete out['x-forwarded-host'];
  const forwarded = [
    `for=${forwardedNode(client.address)}`,
    client.host !== undefined ? `host=${quoteIfNeeded(client.host)}` : '',
    `proto=${proto}`,
  ]
    .filter(Boolean)
    .join(';');
  out.forwarded = append(prior('forwarded'), forwarded);
  if (credentials.cookieName && typeof out.cookie === 'string') {
    const kept = out.cookie
      .split(';')
      .filter((c) => c.split('=')[0].trim() !== credentials.cookieName)
      .join(';')
      .trim();
    if (kept) out.cookie = kept;
    else delete out.cookie;
  }
  if (credentials.authorizationIsToken) delete out.authorization;
  if (credentials.tokenInUrls && typeof out.referer === 'string') out.referer = urlWithoutToken(out.referer);
  return out;
}

function append(previous: string | string[] | undefined, value: string): string {
  const prior = Array.isArray(previous) ? previous.join(', ') : previous;
  return prior ? `${prior}, ${value}` : value;
}

/** RFC 7239 node: IPv6 addresses quoted in brackets; IPv4-mapped IPv6 shown as IPv4. */
function forwardedNode(address: string): string {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4) return v4[1];
  return address.includes(':') ? `"[${address}]"` : address || 'unknown';
}

function quoteIfNeeded(value: string): string {
  return /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(value) ? value : `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/** Where the browser reached us, for rewriting what points at the target. */
export interface LocalOrigin {
  /** "http://127.0.0.1:8080", from the request's scheme and Host. */
  origin: string;
}

/**
 * A backend's response headers for the browser: end-to-end only, a `Location` that points at the
 * target rewritten to the local URL (the prefix in place of the target's path), and cookies made
 * host-only for the local host (their `Domain` names the backend, which the browser never sees).
 */
export function downstreamHeaders(
  headers: IncomingHttpHeaders,
  rule: ProxyRule,
  local: LocalOrigin,
): OutgoingHttpHeaders {
  const out = endToEnd(headers);
  if (typeof out.location === 'string') out.location = rewriteLocation(out.location, rule, local);
  // A backend never sets the share token's cookie (any port's): it could sign a browser out, or
  // into a token of its choosing.
  const cookies = headers['set-cookie']?.filter((c) => !OWN_COOKIE.test(c));
  if (cookies && cookies.length > 0) out['set-cookie'] = cookies.map(rewriteCookie);
  else delete out['set-cookie'];
  return out;
}

/** The share token's cookie, `ferrox-token-<port>`, as a Set-Cookie line starts. */
const OWN_COOKIE = /^\s*ferrox-token-\d*\s*=/i;

/** The target's path without its trailing slash ("" for the root). */
function basePath(rule: ProxyRule): string {
  return rule.target.pathname.replace(/\/+$/, '');
}

/** Maps a backend path under the target's base path to our path under the rule's prefix. */
function toLocalPath(pathname: string, rule: ProxyRule): string | undefined {
  const base = basePath(rule);
  if (pathname !== base && !pathname.startsWith(base + '/')) return undefined;
  return rule.prefix + pathname.slice(base.length) || '/';
}

/**
 * A redirect to the target itself, absolute or path-absolute, becomes the same place through
 * this server; a redirect elsewhere, or a relative one, is left as it is.
 */
export function rewriteLocation(location: string, rule: ProxyRule, local: LocalOrigin): string {
  const absolute = /^[a-z][a-z0-9+.-]*:/i.test(location) || location.startsWith('//');
  if (!absolute && !location.startsWith('/')) return location;
  let url: URL;
  try {
    url = new URL(location, rule.target);
  } catch {
    return location;
  }
  if (url.origin !== rule.target.origin) return location;
  const pathname = toLocalPath(url.pathname, rule);
  if (pathname === undefined) return location;
  return `${local.origin}${pathname}${url.search}${url.hash}`;
}

/**
 * Drops `Domain`: the cookie is then the local host's alone (its Domain named the backend, which
 * the browser never sees). `Path` is kept: pages served from the folder may read the cookie too.
 */
export function rewriteCookie(cookie: string): string {
  return cookie
    .split(';')
    .filter((part, i) => i === 0 || part.split('=')[0].trim().toLowerCase() !== 'domain')
    .join(';');
}
