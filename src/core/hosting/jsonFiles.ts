/**
 * The static parts of `serve.json`, `vercel.json` and `firebase.json` (its `hosting`), as each
 * host documents them: rewrites, redirects, headers, clean URLs, trailing slashes, the public
 * folder and (Firebase) files left out. Anything else that routes requests (functions, `has`
 * conditions, i18n) is named as unsupported, with where it is written.
 */
import { compilePattern, regexPattern, type PathPattern, type PatternSyntax } from './patterns';
import type { HostProblem } from './netlifyFiles';
import type { HeaderRule, RouteRule } from './rules';

export type JsonHost = 'serve.json' | 'vercel.json' | 'firebase.json';

/** What one JSON file says. */
export interface JsonConfig {
  routes: RouteRule[];
  headers: HeaderRule[];
  cleanUrls?: boolean;
  trailingSlash?: boolean;
  /** The folder it serves, relative to the file (`public`, `dist`). */
  publicDir?: string;
  problems: HostProblem[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Which syntax each file writes its `source` in. */
const SYNTAX: Record<JsonHost, PatternSyntax> = {
  'serve.json': 'glob',
  'vercel.json': 'path-to-regexp',
  'firebase.json': 'glob',
};

/** Keys each file may hold that change nothing a static server does (build steps, deploy settings). */
const INERT: Record<JsonHost, readonly string[]> = {
  'serve.json': ['$schema', 'directoryListing', 'unlisted', 'renderSingle', 'symlinks', 'etag'],
  'vercel.json': [
    '$schema',
    'version',
    'buildCommand',
    'devCommand',
    'installCommand',
    'framework',
    'ignoreCommand',
    'github',
    'git',
    'crons',
    'regions',
    'public',
    'images',
    'build',
    'env',
    'name',
    'scope',
  ],
  'firebase.json': ['target', 'site', 'predeploy', 'postdeploy', 'appAssociation', 'frameworksBackend', 'source'],
};

/** Reads one file's text; malformed JSON is one error, and nothing of the file applies. */
export function parseJsonConfig(host: JsonHost, text: string): JsonConfig {
  const config: JsonConfig = { routes: [], headers: [], problems: [] };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    config.problems.push({ kind: 'error', where: host, message: `not valid JSON: ${(err as Error).message}` });
    return config;
  }
  if (!isObject(doc)) {
    config.problems.push({ kind: 'error', where: host, message: 'the file holds no object' });
    return config;
  }
  let root: Json = doc;
  let prefix = '';
  if (host === 'firebase.json') {
    const hosting = doc.hosting;
    if (Array.isArray(hosting)) {
      if (hosting.length > 1)
        config.problems.push({
          kind: 'note',
          where: 'firebase.json hosting',
          message: `${hosting.length} sites are configured: the first is served`,
        });
      root = isObject(hosting[0]) ? hosting[0] : {};
      prefix = 'hosting[0].';
    } else if (isObject(hosting)) {
      root = hosting;
      prefix = 'hosting.';
    } else return config;
  }
  const read = new Reader(host, prefix, config);
  read.all(root);
  return config;
}

class Reader {
  constructor(
    private readonly host: JsonHost,
    private readonly prefix: string,
    private readonly config: JsonConfig,
  ) {}

  private where(path: string): string {
    return `${this.host} ${this.prefix}${path}`;
  }

  private problem(kind: HostProblem['kind'], path: string, message: string): void {
    this.config.problems.push({ kind, where: this.where(path), message });
  }

  all(root: Json): void {
    const known = new Set([
      'rewrites',
      'redirects',
      'headers',
      'cleanUrls',
      'trailingSlash',
      'public',
      'outputDirectory',
      'ignore',
      ...INERT[this.host],
    ]);
    for (const [key, value] of Object.entries(root)) {
      if (key === 'rewrites') this.list(key, value, (r, p) => this.rewrite(r, p));
      else if (key === 'redirects') this.list(key, value, (r, p) => this.redirect(r, p));
      else if (key === 'headers') this.list(key, value, (r, p) => this.header(r, p));
      else if (key === 'cleanUrls') {
        if (typeof value === 'boolean') this.config.cleanUrls = value;
        else if (Array.isArray(value) && this.host === 'serve.json') {
          this.config.cleanUrls = value.length > 0;
          this.problem('note', key, 'clean URLs for some paths only: they apply to every path here');
        } else this.problem('error', key, 'is true or false');
      } else if (key === 'trailingSlash') {
        if (typeof value === 'boolean') this.config.trailingSlash = value;
        else this.problem('error', key, 'is true or false');
      } else if ((key === 'public' && this.host !== 'vercel.json') || key === 'outputDirectory') {
        if (typeof value === 'string' && value.trim() !== '') this.config.publicDir = value;
        else this.problem('error', key, 'names a folder');
      } else if (key === 'ignore' && this.host === 'firebase.json') {
        this.list(key, value, (glob, p) => this.ignore(glob, p));
      } else if (key === 'routes' && this.host === 'vercel.json') {
        this.problem('unsupported', key, 'legacy "routes" are not read: use rewrites, redirects and headers');
      } else if (!known.has(key)) {
        this.problem('unsupported', key, 'is not read by Ferrox');
      }
    }
  }

  private list(key: string, value: unknown, each: (item: unknown, path: string) => void): void {
    if (!Array.isArray(value)) return this.problem('error', key, 'is a list');
    value.forEach((item, i) => each(item, `${key}[${i}]`));
  }

  /** The pattern an entry matches: `source`, or Firebase's `regex`. */
  private pattern(r: Json, path: string): PathPattern | undefined {
    try {
      if (this.host === 'firebase.json' && typeof r.regex === 'string') return regexPattern(r.regex);
      if (typeof r.source !== 'string') throw new Error('needs a "source" path pattern');
      const source = r.source.startsWith('/') ? r.source : `/${r.source}`;
      return compilePattern(source, SYNTAX[this.host]);
    } catch (err) {
      this.problem('error', path, (err as Error).message);
      return undefined;
    }
  }

  /** Vercel's `has` and `missing` look at headers, cookies and hosts: named, and the entry left out. */
  private conditional(r: Json, path: string): boolean {
    const conditions = ['has', 'missing', 'locale'].filter((k) => r[k] !== undefined);
    if (conditions.length === 0) return false;
    this.problem('unsupported', path, `the condition ${conditions.join(' and ')} needs the host`);
    return true;
  }

  private rewrite(r: unknown, path: string): void {
    if (!isObject(r)) return this.problem('error', path, 'is an object');
    if (this.conditional(r, path)) return;
    const target = ['function', 'run', 'dynamicLinks', 'tagManager'].find((k) => r[k] !== undefined);
    if (target)
      return this.problem(
        'unsupported',
        path,
        `a rewrite to a ${target === 'run' ? 'Cloud Run service' : target} runs only on the host`,
      );
    if (typeof r.destination !== 'string' || !/^(\/|https?:\/\/)/i.test(r.destination))
      return this.problem('error', path, 'needs a "destination" path or URL');
    const from = this.pattern(r, path);
    if (from)
      this.config.routes.push({ label: this.where(path), from, to: r.destination, status: 200, phase: 'after' });
  }

  private redirect(r: unknown, path: string): void {
    if (!isObject(r)) return this.problem('error', path, 'is an object');
    if (this.conditional(r, path)) return;
    if (typeof r.destination !== 'string' || r.destination === '')
      return this.problem('error', path, 'needs a "destination"');
    let status: number;
    if (this.host === 'vercel.json') {
      status = typeof r.statusCode === 'number' ? r.statusCode : r.permanent === false ? 307 : 308;
    } else {
      const type = r.type ?? 301;
      status = typeof type === 'number' ? type : Number(type);
    }
    if (![301, 302, 303, 307, 308].includes(status))
      return this.problem('error', path, `${status} is not a redirect status`);
    const from = this.pattern(r, path);
    if (from) this.config.routes.push({ label: this.where(path), from, to: r.destination, status, phase: 'before' });
  }

  private header(r: unknown, path: string): void {
    if (!isObject(r)) return this.problem('error', path, 'is an object');
    if (this.conditional(r, path)) return;
    if (!Array.isArray(r.headers)) return this.problem('error', path, 'needs "headers": [{ "key", "value" }]');
    const set: [string, string][] = [];
    r.headers.forEach((h, i) => {
      if (
        isObject(h) &&
        typeof h.key === 'string' &&
        /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(h.key) &&
        (typeof h.value === 'string' || typeof h.value === 'number') &&
        !/[\r\n\0]/.test(String(h.value))
      )
        set.push([h.key, String(h.value)]);
      else this.problem('error', `${path}.headers[${i}]`, 'is { "key": name, "value": text }');
    });
    const from = this.pattern(r, path);
    if (from && set.length > 0) this.config.headers.push({ label: this.where(path), from, set, detach: [] });
  }

  /** A Firebase `ignore` glob names files never served (as if they were not there). */
  private ignore(glob: unknown, path: string): void {
    if (typeof glob !== 'string') return this.problem('error', path, 'is a glob');
    // The deploy leaves firebase.json itself out whatever `ignore` says; a dev server serves none of it either.
    const source = glob.startsWith('/') ? glob : `/${glob}`;
    try {
      const from = compilePattern(source.replace(/\/\*\*$/, '/**'), 'glob');
      this.config.routes.push({ label: this.where(path), from, to: '', status: 404, phase: 'before' });
    } catch (err) {
      this.problem('error', path, (err as Error).message);
    }
  }
}
