/**
 * `_redirects` and `_headers`, as Netlify and Cloudflare Pages read them. One rule per line (a
 * block per path in `_headers`), `#` comments; a line Ferrox cannot read is an error naming it,
 * and the others still apply; a rule it does not support is named, never silently dropped.
 */
import { compilePattern } from './patterns';
import type { HeaderRule, RouteRule } from './rules';

/** Something to tell the user about a host's file: an error or an unsupported rule (either is left out), or a note. */
export interface HostProblem {
  /** error: the entry cannot be read; unsupported: it needs the host itself; note: worth knowing, nothing is left out. */
  kind: 'error' | 'unsupported' | 'note';
  /** `_redirects:4`, `vercel.json`. */
  where: string;
  message: string;
}

export interface Parsed<R> {
  rules: R[];
  problems: HostProblem[];
}

const STATUSES = new Set([200, 301, 302, 303, 307, 308, 400, 401, 403, 404, 410, 451, 500]);
/** Netlify's conditions that look at who asks (its edge knows; a dev server does not). */
const CONDITIONS = /^(country|language|role|cookie)=/i;

/** `_redirects`: `from [param=value…] to [status][!] [conditions]`. */
export function parseRedirects(text: string, file = '_redirects'): Parsed<RouteRule> {
  const rules: RouteRule[] = [];
  const problems: HostProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const where = `${file}:${index + 1}`;
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') return;
    const tokens = line.split(/\s+/);
    const from = tokens.shift()!;
    if (/^https?:\/\//i.test(from)) {
      problems.push({
        kind: 'unsupported',
        where,
        message: `a rule for another domain (${from}) applies only on the host`,
      });
      return;
    }
    const query: Record<string, string> = {};
    while (tokens.length > 0 && !/^(\/|https?:\/\/)/i.test(tokens[0]) && tokens[0].includes('=')) {
      const [name, value] = tokens.shift()!.split('=', 2);
      query[name] = value;
    }
    const to = tokens.shift();
    if (to === undefined || !/^(\/|https?:\/\/)/i.test(to)) {
      problems.push({
        kind: 'error',
        where,
        message: `a rule is "from to [status]": no destination (a path or URL) in "${line}"`,
      });
      return;
    }
    let status = 301;
    let force = false;
    const code = tokens[0] !== undefined && /^\d{3}!?$/.test(tokens[0]) ? tokens.shift()! : undefined;
    if (code !== undefined) {
      status = Number(code.slice(0, 3));
      force = code.endsWith('!');
      if (!STATUSES.has(status)) {
        problems.push({ kind: 'error', where, message: `${status} is not a status a rule can have` });
        return;
      }
    }
    const conditions = tokens.filter((t) => CONDITIONS.test(t));
    if (conditions.length > 0) {
      problems.push({
        kind: 'unsupported',
        where,
        message: `the condition ${conditions.join(' ')} needs the host's edge`,
      });
      return;
    }
    if (tokens.length > 0) {
      problems.push({ kind: 'error', where, message: `"${tokens.join(' ')}" after the status is not understood` });
      return;
    }
    try {
      rules.push({
        label: where,
        from: compilePattern(from, 'netlify'),
        ...(Object.keys(query).length > 0 ? { query } : {}),
        to,
        status,
        // Without "!", a rule never shadows a file that exists.
        phase: force ? 'before' : 'after',
      });
    } catch (err) {
      problems.push({ kind: 'error', where, message: (err as Error).message });
    }
  });
  return { rules, problems };
}

/**
 * `_headers`: a path pattern on a line of its own, then its headers indented below it
 * (`Name: value`, or `! Name` to detach, as Cloudflare Pages reads it).
 */
export function parseHeaders(text: string, file = '_headers'): Parsed<HeaderRule> {
  const rules: HeaderRule[] = [];
  const problems: HostProblem[] = [];
  let current: HeaderRule | undefined;
  let skipping = false;
  text.split(/\r?\n/).forEach((raw, index) => {
    const where = `${file}:${index + 1}`;
    if (/^\s*(#.*)?$/.test(raw)) return;
    if (!/^\s/.test(raw)) {
      const pattern = raw.trim();
      current = undefined;
      skipping = false;
      if (/^https?:\/\//i.test(pattern)) {
        skipping = true;
        problems.push({
          kind: 'unsupported',
          where,
          message: `headers for another domain (${pattern}) apply only on the host`,
        });
        return;
      }
      try {
        current = { label: where, from: compilePattern(pattern, 'netlify'), set: [], detach: [] };
        rules.push(current);
      } catch (err) {
        skipping = true;
        problems.push({ kind: 'error', where, message: (err as Error).message });
      }
      return;
    }
    if (skipping) return;
    const line = raw.trim();
    if (!current) {
      problems.push({ kind: 'error', where, message: `"${line}" is indented under no path` });
      return;
    }
    const detach = /^!\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)$/.exec(line);
    if (detach) {
      current.detach.push(detach[1]);
      return;
    }
    const header = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (!header || /[\r\n\0]/.test(header[2])) {
      problems.push({ kind: 'error', where, message: `"${line}" is not "Name: value"` });
      return;
    }
    current.set.push([header[1], header[2]]);
  });
  return { rules: rules.filter((r) => r.set.length > 0 || r.detach.length > 0), problems };
}
