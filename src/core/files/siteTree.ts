import * as path from 'node:path';
import { encodePath, parseTarget } from '../http';
import { isInside, lookup } from './fileLookup';
import { segmentsOf } from './urlPaths';

/** A folder served under a URL prefix (`mount`), with its real path. */
export interface MountedFolder {
  /** The prefix as decoded segments: `/vendor/js` → ['vendor', 'js']. */
  segments: readonly string[];
  /** The folder as configured, and with its symlinks resolved. */
  dir: string;
  realDir: string;
}

/** Where a URL's segments lead: the folder to look them up in (contained there), and the rest. */
export interface Placement {
  realRoot: string;
  rest: string[];
  /** Set when a mount holds the path; undefined for the served root. */
  mount?: MountedFolder;
}

/**
 * The served site as folders at URL prefixes: the root at "/", and each mount at its prefix (the
 * longest prefix wins, and hides what the root has at that path). The one place a URL path and a
 * file map to each other, both ways, so serving, listings and live reload agree on every mount.
 */
export class SiteTree {
  private readonly mounts: readonly MountedFolder[];

  constructor(
    readonly root: string,
    readonly realRoot: string,
    mounts: readonly MountedFolder[] = [],
  ) {
    this.mounts = [...mounts].sort((a, b) => b.segments.length - a.segments.length);
  }

  get hasMounts(): boolean {
    return this.mounts.length > 0;
  }

  /** The mounted folders, longest prefix first. */
  get mounted(): readonly MountedFolder[] {
    return this.mounts;
  }

  /** The folder that serves `segments` (decoded), and the segments below it. */
  place(segments: readonly string[]): Placement {
    for (const mount of this.mounts) {
      if (mount.segments.every((s, i) => segments[i] === s) && segments.length >= mount.segments.length) {
        return { realRoot: mount.realDir, rest: segments.slice(mount.segments.length), mount };
      }
    }
    return { realRoot: this.realRoot, rest: [...segments] };
  }

  /** The mounts whose prefix is one segment below `segments` (a listing shows them as folders). */
  mountsIn(segments: readonly string[]): MountedFolder[] {
    return this.mounts.filter(
      (m) => m.segments.length === segments.length + 1 && segments.every((s, i) => m.segments[i] === s),
    );
  }

  /**
   * Every URL path `filePath` is served at (`/docs/a%20b.html`): under a mount that holds it,
   * and under the root, unless a mount hides that path. Empty when none serves it.
   */
  urlPathsOf(filePath: string): string[] {
    return this.segmentsOf(filePath).map((segments) => encodePath(segments, false));
  }

  /** `urlPathsOf` as decoded segments (what ignore globs and hidden-name rules are checked on). */
  segmentsOf(filePath: string): string[][] {
    const all: string[][] = [];
    for (const mount of this.mounts) {
      const rest = below(filePath, [mount.realDir, mount.dir]);
      if (rest !== undefined) all.push([...mount.segments, ...rest]);
    }
    const rest = below(filePath, [this.realRoot, this.root]);
    if (rest !== undefined && rest.length > 0 && this.place(rest).mount === undefined) all.push(rest);
    return all;
  }

  /**
   * The regular file a URL path would be served from, by the same rules as serving (decoded once,
   * no hidden names, contained after symlinks, no FIFOs or devices), as a path under its folder as
   * configured (so the editor shows the user's own path), with the real folder that holds it and
   * its own real path; undefined for anything else. For paths a page names (an Alt+click, a
   * console message's source): a page must not lead the editor to `.env`, outside the folder, or
   * onto a pipe; and for live reload's reader, which must read a page as a request would.
   */
  async servedFile(urlPath: string): Promise<{ file: string; realRoot: string; realPath: string } | undefined> {
    const target = parseTarget(urlPath);
    if (!target.ok || target.trailingSlash) return undefined;
    const place = this.place(target.segments);
    const found = await lookup(place.realRoot, place.rest);
    if (found.kind !== 'file') return undefined;
    const base = place.mount?.dir ?? this.root;
    return {
      file: path.join(base, path.relative(place.realRoot, found.realPath)),
      realRoot: place.realRoot,
      realPath: found.realPath,
    };
  }
}

/** The segments of `filePath` below the first of `roots` that holds it (empty for the folder itself). */
function below(filePath: string, roots: readonly string[]): string[] | undefined {
  return roots.some((root) => isInside(root, filePath)) ? (segmentsOf(filePath, roots) ?? []) : undefined;
}
