/**
 * The path patterns of hosts' config files, compiled to anchored regular expressions with named
 * captures: Netlify's and Cloudflare's (`*` splat, `:name`), path-to-regexp's (Vercel, serve:
 * `:name`, `:name*`, `:name+`, `:name(re)`, `(re)`), and globs (Firebase, serve: `**`, `*`,
 * `{a,b}`, with `:name` and `:name*` captures too).
 */
export type PatternSyntax = 'netlify' | 'path-to-regexp' | 'glob';

export interface PathPattern {
  regex: RegExp;
  /** The source as written, for messages. */
  source: string;
}

/** The values a match captured, by name (`splat`, a placeholder's name) or by number (`1`, `2`…). */
export type Captures = Record<string, string>;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Compiles `source`; throws an Error naming what is wrong with it. */
export function compilePattern(source: string, syntax: PatternSyntax): PathPattern {
  if (!source.startsWith('/')) throw new Error(`a path pattern starts with "/": ${source}`);
  let out = '';
  let group = 0;
  const names = new Set<string>();
  const named = (name: string, body: string) => {
    if (names.has(name)) throw new Error(`the placeholder :${name} appears twice in ${source}`);
    names.add(name);
    return `(?<${name}>${body})`;
  };
  for (let i = 0; i < source.length;) {
    const rest = source.slice(i);
    const param = /^:([A-Za-z_][A-Za-z0-9_]*)(\((?:[^()\\]|\\.)*\))?([*+?])?/.exec(rest);
    if (param) {
      const [all, name, custom, modifier] = param;
      if (syntax === 'netlify' && (custom || modifier))
        throw new Error(`Netlify placeholders are plain (:name): ${all} in ${source}`);
      const body = custom ? custom.slice(1, -1) : modifier === '*' ? '.*' : modifier === '+' ? '.+' : '[^/]+';
      out += modifier === '?' ? `${named(name, body)}?` : named(name, body);
      i += all.length;
      continue;
    }
    if (syntax === 'glob' && rest.startsWith('**/')) {
      // Any number of folders, none included: "/**/.env" matches "/.env" too.
      out += `(?<_${++group}>(?:.*/)?)`;
      i += 3;
      continue;
    }
    if (syntax === 'glob' && rest.startsWith('**')) {
      out += `(?<_${++group}>.*)`;
      i += 2;
      continue;
    }
    const c = source[i];
    if (c === '*') {
      out +=
        syntax === 'netlify'
          ? named('splat', '.*')
          : syntax === 'glob'
            ? `(?<_${++group}>[^/]*)`
            : `(?<_${++group}>.*)`;
    } else if (c === '(' && syntax === 'path-to-regexp') {
      const close = matchingParen(source, i);
      if (close < 0) throw new Error(`an unclosed "(" in ${source}`);
      out += `(?<_${++group}>${source.slice(i + 1, close)})`;
      i = close + 1;
      continue;
    } else if (syntax === 'glob' && ((c === '@' && source[i + 1] === '(') || c === '{')) {
      // One of several literal alternatives: an extglob's "@(js|css)" (Firebase), a brace "{js,css}".
      const [open, close, separator] = c === '@' ? ['@(', ')', '|'] : ['{', '}', ','];
      const end = source.indexOf(close, i);
      if (end < 0) throw new Error(`an unclosed "${open}" in ${source}`);
      out += `(?:${source
        .slice(i + open.length, end)
        .split(separator)
        .map(escape)
        .join('|')})`;
      i = end + 1;
      continue;
    } else if (c === '?' && syntax === 'glob') {
      out += '[^/]';
    } else out += escape(c);
    i++;
  }
  // "/blog" and "/blog/" are one path to every host, unless the pattern ends in a splat.
  const trailing = out.endsWith('\\/') ? '' : '\\/?';
  let regex: RegExp;
  try {
    regex = new RegExp(`^${out}${trailing}$`);
  } catch (err) {
    throw new Error(`${source} is not a valid pattern: ${(err as Error).message}`, { cause: err });
  }
  return { regex, source };
}

/** A pattern from a regular expression (Firebase's `regex`), anchored. */
export function regexPattern(source: string): PathPattern {
  try {
    return { regex: new RegExp(`^(?:${source})$`), source };
  } catch (err) {
    throw new Error(`${source} is not a valid regular expression: ${(err as Error).message}`, { cause: err });
  }
}

function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/** What `pattern` captures of `path`, or undefined when it does not match. */
export function matchPattern(pattern: PathPattern, path: string): Captures | undefined {
  const m = pattern.regex.exec(path);
  if (!m) return undefined;
  const captures: Captures = {};
  for (const [name, value] of Object.entries(m.groups ?? {})) {
    captures[name.startsWith('_') ? name.slice(1) : name] = value ?? '';
  }
  // A regular expression's own groups (Firebase's `regex`), by number.
  if (!m.groups) m.slice(1).forEach((value, i) => (captures[String(i + 1)] = value ?? ''));
  return captures;
}

/** `to` with `:name` and `$1` replaced by what was captured (an unknown name is left as written). */
export function substitute(to: string, captures: Captures): string {
  return to
    .replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (all, name: string) => (name in captures ? captures[name] : all))
    .replace(/\$(\d+)/g, (all, n: string) => (n in captures ? captures[n] : all));
}
