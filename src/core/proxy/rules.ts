import { decodeSegments } from '../http';

/**
 * Proxy rules: which request paths go to a backend, and where. Parsed and checked once, at the
 * edge (CLI flags, the extension's settings), into rules the request path can match cheaply.
 */

/** One rule as a host writes it: a target URL, or an object with options. */
export type ProxyRuleInput =
  | string
  | {
      target: string;
      /** Send the target's host as `Host` (default), or keep the browser's (false). */
      changeOrigin?: boolean;
      /** Forward WebSocket upgrades (default true). */
      ws?: boolean;
      /** Inject live reload into HTML the backend answers (default true, when live reload is on). */
      live?: boolean;
      /** Milliseconds to wait for the backend to connect and to answer (default 30,000). */
      timeout?: number;
      /** Verify an https target's certificate (default true). */
      secure?: boolean;
      /**
       * Forward a WebSocket handshake only from a page of this server, or of a host in allowedHosts,
       * by its Origin (default true; false lets any site's page open the socket).
       */
      checkOrigin?: boolean;
    };

export interface ProxyRule {
  /** The path prefix, without a trailing slash ("" for the root). */
  prefix: string;
  target: URL;
  changeOrigin: boolean;
  ws: boolean;
  live: boolean;
  timeoutMs: number;
  secure: boolean;
  checkOrigin: boolean;
  /**
   * How long a request that meets a refused connection waits for the backend to listen again
   * (a backend that restarts itself: Flask's reloader, nodemon), instead of a 502 at once.
   */
  refusedWaitMs: number;
}

export const DEFAULT_PROXY_TIMEOUT_MS = 30_000;
/** How long a request to the whole site's backend waits while it refuses connections (restarting itself). */
const SITE_REFUSED_WAIT_MS = 8000;
const RULE_KEYS = new Set(['target', 'changeOrigin', 'ws', 'live', 'timeout', 'secure', 'checkOrigin']);

/**
 * Checks rules given as prefix → target; returns them longest prefix first, and pushes one
 * message per problem, each naming the entry.
 */
export function parseProxyRules(input: unknown, problems: string[]): ProxyRule[] {
  if (input === undefined) return [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    problems.push(
      `proxy must be an object from path prefix to target URL, such as { "/api": "http://localhost:3000" }, got ${show(input)}`,
    );
    return [];
  }
  const rules: ProxyRule[] = [];
  const seen = new Set<string>();
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    const before = problems.length;
    const prefix = checkPrefix(key, 'proxy', problems);
    const rule = checkRule(key, value, problems);
    if (problems.length > before || prefix === undefined || rule === undefined) continue;
    if (seen.has(prefix)) {
      problems.push(`proxy: "${key}" names the same prefix as another rule`);
      continue;
    }
    seen.add(prefix);
    // A rule for the whole site ("/") is a backend's: it gets the site's wait for a restarting backend.
    rules.push({ prefix, ...rule, refusedWaitMs: prefix === '' ? SITE_REFUSED_WAIT_MS : 0 });
  }
  return rules.sort((a, b) => b.prefix.length - a.prefix.length);
}

function checkPrefix(key: string, what: string, problems: string[]): string | undefined {
  if (typeof key !== 'string' || !key.startsWith('/')) {
    problems.push(`${what}: the prefix ${show(key)} must start with "/"`);
    return undefined;
  }
  if (/[?#\s\\]|%(?![0-9a-f]{2})/i.test(key) || key.split('/').some((s) => s === '.' || s === '..')) {
    problems.push(
      `${what}: the prefix "${key}" must be a plain path (no query, fragment, spaces, backslashes or dot segments)`,
    );
    return undefined;
  }
  if (key.replace(/\/+$/, '') === '/__ferrox' || key.startsWith('/__ferrox/')) {
    problems.push(`${what}: the prefix "${key}" is reserved for live reload`);
    return undefined;
  }
  return key.replace(/\/+$/, '');
}

/** Path prefixes given as a list (`static`), checked like rules' prefixes; each bad one named. */
export function parsePrefixes(input: unknown, what: string, problems: string[]): string[] {
  if (input === undefined) return [];
  if (!Array.isArray(input)) {
    problems.push(`${what} must be a list of path prefixes such as ["/assets"], got ${show(input)}`);
    return [];
  }
  return input
    .map((p) => checkPrefix(p as string, what, problems))
    .filter((p): p is string => p !== undefined && p !== '');
}

/** A backend's address (`backendUrl`), checked as a rule's target is. */
export function parseTarget(value: unknown, what: string, problems: string[]): URL | undefined {
  return checkTarget(value, problems, { missing: `${what} must be a URL`, target: what });
}

/**
 * The rule that sends the whole site to a backend (Ferrox's own, or one the user runs): every
 * path not served otherwise, live reload in its HTML, and a wait on a refused connection while
 * the backend restarts itself.
 */
export function siteRule(target: URL): ProxyRule {
  return {
    prefix: '',
    target,
    changeOrigin: true,
    ws: true,
    live: true,
    timeoutMs: DEFAULT_PROXY_TIMEOUT_MS,
    secure: true,
    checkOrigin: true,
    refusedWaitMs: SITE_REFUSED_WAIT_MS,
  };
}

function checkRule(key: string, value: unknown, problems: string[]): Omit<ProxyRule, 'prefix'> | undefined {
  const spec = typeof value === 'string' ? { target: value } : value;
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    problems.push(`proxy: "${key}" must be a target URL or { "target": "http://…" }, got ${show(value)}`);
    return undefined;
  }
  const o = spec as Record<string, unknown>;
  for (const name of Object.keys(o)) {
    if (!RULE_KEYS.has(name))
      problems.push(`proxy: "${key}" has an unknown option "${name}" (known: ${[...RULE_KEYS].join(', ')})`);
  }
  const target = checkTarget(o.target, problems, {
    missing: `proxy: "${key}" needs a target URL`,
    target: `proxy: the target of "${key}"`,
  });
  for (const name of ['changeOrigin', 'ws', 'live', 'secure', 'checkOrigin']) {
    if (o[name] !== undefined && typeof o[name] !== 'boolean')
      problems.push(`proxy: "${key}".${name} must be true or false, got ${show(o[name])}`);
  }
  const timeout = o.timeout ?? DEFAULT_PROXY_TIMEOUT_MS;
  if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1 || timeout > 3_600_000) {
    problems.push(
      `proxy: "${key}".timeout must be a whole number of milliseconds from 1 to 3600000, got ${show(o.timeout)}`,
    );
  }
  if (!target) return undefined;
  return {
    target,
    changeOrigin: o.changeOrigin !== false,
    ws: o.ws !== false,
    live: o.live !== false,
    timeoutMs: timeout as number,
    secure: o.secure !== false,
    checkOrigin: o.checkOrigin !== false,
    refusedWaitMs: 0,
  };
}

/** `said`: how a message names the URL (a proxy rule's target, or an option of its own). */
function checkTarget(value: unknown, problems: string[], said: { missing: string; target: string }): URL | undefined {
  if (typeof value !== 'string') {
    problems.push(`${said.missing}, got ${show(value)}`);
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${said.target} is not a URL: ${show(value)} (write it as http://host:port/path)`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(
      `${said.target} must be http:// or https:// (use the http URL for WebSockets too), got ${show(value)}`,
    );
    return undefined;
  }
  if (url.username || url.password || url.search || url.hash) {
    problems.push(
      `${said.target} must be scheme, host, port and path only (no credentials, query or fragment), got ${show(value)}`,
    );
    return undefined;
  }
  return url;
}

/** A request routed to a backend: its rule and the path and query to ask the target for. */
export interface ProxyRoute {
  rule: ProxyRule;
  upstreamPath: string;
}

/** A path a rule takes but that is never forwarded, and why (it becomes a 400). */
export interface ProxyRefusal {
  refused: string;
}

/**
 * Whether a decoded segment is a dot segment in any disguise a backend may honour: `..` and `.`,
 * also with path parameters (`..;x`, which Tomcat and Spring resolve as `..`).
 */
function isDotSegment(decoded: string): boolean {
  const bare = decoded.split(';')[0];
  return bare === '..' || bare === '.';
}

/**
 * The rule for a raw request target (path and query, as sent), matching whole decoded segments:
 * "/api" takes "/api" and "/api/x" but not "/apix". Rules are longest prefix first, so the first
 * match wins. The target's path is joined to what follows the prefix, with the query kept
 * ("/api=http://h/v1": "/api/users?x" → "/v1/users?x"), in the bytes the browser sent, except that
 * runs of slashes are merged (as nginx does), so `/api//evil.test/x` cannot read as a host.
 * A path a rule takes is refused, never forwarded, when any segment is a dot segment (`..`, `.`,
 * `..;x`, however encoded), holds a backslash (a separator to many backends) or NUL: a backend
 * that resolved it could leave the mapped base. A path that does not decode is never proxied.
 */
export function routeToProxy(
  rules: readonly ProxyRule[],
  rawTarget: string,
  servedHere: readonly string[] = [],
): ProxyRoute | ProxyRefusal | undefined {
  if (rules.length === 0 || !rawTarget.startsWith('/')) return undefined;
  const q = rawTarget.indexOf('?');
  const rawPath = q === -1 ? rawTarget : rawTarget.slice(0, q);
  const query = q === -1 ? '' : rawTarget.slice(q);
  const split = decodeSegments(rawPath);
  if (!split) return undefined;
  const { raw: rawSegments, decoded } = split;
  // Prefixes kept for the folder (`static`) are never forwarded, whatever rule would take them.
  if (servedHere.some((prefix) => startsWithSegments(decoded, prefix))) return undefined;
  for (const rule of rules) {
    const wanted = rule.prefix === '' ? [] : rule.prefix.split('/').slice(1);
    if (wanted.length > decoded.length || wanted.some((s, i) => s !== decoded[i])) continue;
    const rest = decoded.slice(wanted.length);
    if (rest.some((s) => isDotSegment(s) || s.includes('\\') || s.includes('\0') || s.includes('/'))) {
      return {
        refused:
          'The path has a dot segment, an encoded slash, a backslash or NUL, which a backend could resolve outside its base.',
      };
    }
    // Empty segments (a run of slashes) are merged; a trailing slash is kept.
    const kept = rawSegments.slice(wanted.length).filter((s, i, all) => s !== '' || i === all.length - 1);
    const base = rule.target.pathname.replace(/\/+$/, '');
    const tail = kept.length === 0 ? '' : '/' + kept.join('/');
    return { rule, upstreamPath: (base + tail || '/') + query };
  }
  return undefined;
}

function startsWithSegments(decoded: readonly string[], prefix: string): boolean {
  const wanted = prefix.split('/').slice(1);
  return wanted.length <= decoded.length && wanted.every((s, i) => s === decoded[i]);
}

function show(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
