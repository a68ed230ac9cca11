import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseJsonConfig, type JsonHost } from './jsonFiles';
import { parseHeaders, parseRedirects, type HostProblem } from './netlifyFiles';
import type { HeaderRule, RouteRule } from './rules';

/** The files read, by name: `_redirects` and `_headers` in the served folder; the JSON files where the project keeps them. */
export const HOST_FILES = ['_redirects', '_headers', 'serve.json', 'vercel.json', 'firebase.json'] as const;
const JSON_HOSTS: readonly JsonHost[] = ['serve.json', 'vercel.json', 'firebase.json'];

/** What the hosts' files in a folder say, normalised: the rules in the order they apply. */
export interface HostConfig {
  /** Each file that applies, with what it holds ("3 redirects, 1 rewrite"). */
  files: { file: string; holds: string }[];
  routes: RouteRule[];
  headers: HeaderRule[];
  cleanUrls?: boolean;
  trailingSlash?: boolean;
  problems: HostProblem[];
  /** The folder a JSON file names as the one it deploys (`public`, `outputDirectory`), when it is there. */
  publicDir?: { dir: string; file: string };
}

export const NO_HOST_CONFIG: HostConfig = Object.freeze({ files: [], routes: [], headers: [], problems: [] });

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fs.promises.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

function count(n: number, one: string, many = `${one}s`): string | undefined {
  return n === 0 ? undefined : `${n} ${n === 1 ? one : many}`;
}

function holds(
  routes: readonly RouteRule[],
  headers: readonly HeaderRule[],
  extra: (string | undefined)[] = [],
): string {
  const redirects = routes.filter((r) => r.status >= 300 && r.status < 400).length;
  const proxies = routes.filter((r) => r.status === 200 && /^https?:/i.test(r.to)).length;
  const rewrites = routes.filter((r) => r.status === 200).length - proxies;
  const others = routes.length - redirects - rewrites - proxies;
  const parts = [
    count(redirects, 'redirect'),
    count(rewrites, 'rewrite'),
    count(proxies, 'proxy rule'),
    count(others, 'status rule'),
    count(headers.length, 'header rule'),
    ...extra,
  ].filter((p): p is string => p !== undefined);
  return parts.length > 0 ? parts.join(', ') : 'no rules';
}

/**
 * Reads the hosts' files for the folder `root` (absolute). The JSON files are read in `root`; if
 * one names a public folder inside it that exists, that folder is what is served, and
 * `_redirects` and `_headers` are read there (where Netlify and Cloudflare Pages read them).
 */
export async function loadHostConfig(root: string): Promise<HostConfig> {
  const config: HostConfig = { files: [], routes: [], headers: [], problems: [] };
  const jsons: { host: JsonHost; parsed: ReturnType<typeof parseJsonConfig> }[] = [];
  for (const host of JSON_HOSTS) {
    const text = await readText(path.join(root, host));
    if (text !== undefined) jsons.push({ host, parsed: parseJsonConfig(host, text) });
  }
  let served = root;
  for (const { host, parsed } of jsons) {
    if (parsed.publicDir === undefined || config.publicDir) continue;
    const dir = path.resolve(root, parsed.publicDir);
    const rel = path.relative(root, dir);
    if (rel === '') continue;
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      config.problems.push({
        kind: 'note',
        where: host,
        message: `names ${parsed.publicDir} as its public folder, which is outside the served folder: the served folder itself is served`,
      });
      continue;
    }
    const stat = await fs.promises.stat(dir).catch(() => undefined);
    if (stat?.isDirectory()) {
      config.publicDir = { dir, file: host };
      served = dir;
    } else
      config.problems.push({
        kind: 'note',
        where: host,
        message: `names ${parsed.publicDir} as its public folder, which is not there yet (build it): the folder itself is served`,
      });
  }
  const redirects = await readText(path.join(served, '_redirects'));
  if (redirects !== undefined) {
    const parsed = parseRedirects(redirects);
    config.routes.push(...parsed.rules);
    config.problems.push(...parsed.problems);
    config.files.push({ file: '_redirects', holds: holds(parsed.rules, []) });
  }
  const headers = await readText(path.join(served, '_headers'));
  if (headers !== undefined) {
    const parsed = parseHeaders(headers);
    config.headers.push(...parsed.rules);
    config.problems.push(...parsed.problems);
    config.files.push({ file: '_headers', holds: holds([], parsed.rules) });
  }
  for (const { host, parsed } of jsons) {
    config.routes.push(...parsed.routes);
    config.headers.push(...parsed.headers);
    config.problems.push(...parsed.problems);
    config.cleanUrls ??= parsed.cleanUrls;
    config.trailingSlash ??= parsed.trailingSlash;
    config.files.push({
      file: host,
      holds: holds(parsed.routes, parsed.headers, [
        parsed.cleanUrls ? 'clean URLs' : undefined,
        parsed.trailingSlash !== undefined
          ? `trailing slashes ${parsed.trailingSlash ? 'added' : 'removed'}`
          : undefined,
      ]),
    });
  }
  return config;
}

/** Whether a changed file (absolute) is one of the hosts' files of `root` or of its public folder. */
export function isHostFile(file: string, root: string, publicDir?: string): boolean {
  const name = path.basename(file);
  if (!(HOST_FILES as readonly string[]).includes(name)) return false;
  const dir = path.dirname(file);
  return dir === root || dir === publicDir;
}
