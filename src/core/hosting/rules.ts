import { matchPattern, substitute, type PathPattern } from './patterns';

/**
 * When a rule is tried: `before` the folder is looked at (Netlify's forced rules, every host's
 * redirects but Netlify's), or `after`, only for a path the folder does not answer (rewrites;
 * Netlify's rules without `!`, which never shadow a file).
 */
export type Phase = 'before' | 'after';

/** A redirect, rewrite, proxy or status rule of a host's file, normalised. */
export interface RouteRule {
  /** Where it was written: `_redirects:3`, `vercel.json redirects[0]`. */
  label: string;
  from: PathPattern;
  /** Query parameters the request must carry (Netlify): parameter → `:placeholder` it fills, or a literal value. */
  query?: Record<string, string>;
  /** The destination, with placeholders; empty for a plain status (Firebase's `ignore`). */
  to: string;
  /**
   * 301, 302, 303, 307, 308: a redirect to `to`. 200: `to` is answered instead (a path: a rewrite;
   * an absolute URL: a proxy). Any other status: `to`'s content with that status (a 404 page).
   */
  status: number;
  phase: Phase;
}

/** Headers for the paths a pattern matches (`_headers`, `headers` of the JSON files). */
export interface HeaderRule {
  label: string;
  from: PathPattern;
  set: [string, string][];
  /** Cloudflare's `! Name`: headers taken off what other rules (and the server) set. */
  detach: string[];
}

/** What a route rule asks for one request. */
export type RouteAnswer =
  | { kind: 'redirect'; status: number; location: string; label: string }
  | { kind: 'rewrite'; path: string; query: string; label: string }
  | { kind: 'proxy'; url: string; label: string }
  | { kind: 'status'; status: number; path: string | undefined; label: string };

function isAbsolute(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

/**
 * The first rule of `phase` that takes `pathname` (decoded, as the folder is looked up with) and
 * `search` (`?a=b`, or ''), or undefined. Query parameters the rule names must be present; the
 * rest of the query is passed on (as Netlify does for a rule whose destination names none).
 */
export function routeFor(
  rules: readonly RouteRule[],
  phase: Phase,
  pathname: string,
  search: string,
): RouteAnswer | undefined {
  const params = new URLSearchParams(search);
  for (const rule of rules) {
    if (rule.phase !== phase) continue;
    const captures = matchPattern(rule.from, pathname);
    if (!captures) continue;
    if (rule.query) {
      let ok = true;
      for (const [name, want] of Object.entries(rule.query)) {
        const value = params.get(name);
        if (value === null) ok = false;
        else if (want.startsWith(':')) captures[want.slice(1)] = value;
        else if (want !== value) ok = false;
      }
      if (!ok) continue;
    }
    const to = substitute(rule.to, captures);
    const label = rule.label;
    if (rule.status >= 300 && rule.status < 400) {
      // The query goes along unless the destination names its own (or the rule matched on it).
      const location = to.includes('?') || rule.query ? to : to + search;
      return { kind: 'redirect', status: rule.status, location, label };
    }
    if (rule.status === 200) {
      if (isAbsolute(to)) return { kind: 'proxy', url: to.includes('?') ? to : to + search, label };
      const [path, query = ''] = to.split('?', 2);
      return { kind: 'rewrite', path, query: query ? `?${query}` : search, label };
    }
    return { kind: 'status', status: rule.status, path: to === '' ? undefined : to.split('?')[0], label };
  }
  return undefined;
}

/** The headers the rules give `pathname`, in order (a name set twice is joined with ", "), and those detached. */
export function headersFor(
  rules: readonly HeaderRule[],
  pathname: string,
): { set: Map<string, { name: string; value: string }>; detach: Set<string>; labels: string[] } {
  const set = new Map<string, { name: string; value: string }>();
  const detach = new Set<string>();
  const labels: string[] = [];
  for (const rule of rules) {
    if (!matchPattern(rule.from, pathname)) continue;
    labels.push(rule.label);
    for (const [name, value] of rule.set) {
      const key = name.toLowerCase();
      const had = set.get(key);
      set.set(key, { name, value: had ? `${had.value}, ${value}` : value });
    }
    for (const name of rule.detach) detach.add(name.toLowerCase());
  }
  return { set, detach, labels };
}
