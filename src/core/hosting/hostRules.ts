import { headersFor, routeFor, type HeaderRule, type Phase, type RouteAnswer, type RouteRule } from './rules';
import type { HostConfig } from './hostConfig';

const MEMO_LIMIT = 2000;

/** The decoded path of a raw target (`/a%20b/?x` → `/a b/`), or undefined when it does not decode. */
function decodedPath(rawUrl: string): string | undefined {
  const q = rawUrl.search(/[?#]/);
  try {
    return decodeURIComponent(q < 0 ? rawUrl : rawUrl.slice(0, q));
  } catch {
    return undefined;
  }
}

/**
 * A host configuration as requests meet it: the route rules of each phase, the headers for a
 * path, and, for the hot path, whether any rule touches a target at all (remembered per target).
 */
export class HostRules {
  readonly routes: readonly RouteRule[];
  readonly headers: readonly HeaderRule[];
  readonly trailingSlash: boolean | undefined;
  private readonly touched = new Map<string, boolean>();

  constructor(config: HostConfig) {
    this.routes = config.routes;
    this.headers = config.headers;
    this.trailingSlash = config.trailingSlash;
  }

  /** True when there is nothing to apply. */
  get empty(): boolean {
    return this.routes.length === 0 && this.headers.length === 0 && this.trailingSlash === undefined;
  }

  /** Whether some rule only applies when the folder has no file for the path (then misses may not be remembered). */
  get hasAfterRules(): boolean {
    return this.routes.some((r) => r.phase === 'after');
  }

  route(phase: Phase, pathname: string, search: string): RouteAnswer | undefined {
    return routeFor(this.routes, phase, pathname, search);
  }

  headersFor(pathname: string): ReturnType<typeof headersFor> {
    return headersFor(this.headers, pathname);
  }

  /** Whether any rule (route or header), or the trailing-slash rule, may apply to the raw target `rawUrl`. */
  touches(rawUrl: string): boolean {
    if (this.trailingSlash !== undefined) return true;
    let known = this.touched.get(rawUrl);
    if (known !== undefined) return known;
    const path = decodedPath(rawUrl);
    known =
      path === undefined ||
      this.routes.some((r) => r.from.regex.test(path)) ||
      this.headers.some((r) => r.from.regex.test(path));
    if (this.touched.size >= MEMO_LIMIT) this.touched.clear();
    this.touched.set(rawUrl, known);
    return known;
  }
}
