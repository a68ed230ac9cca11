import picomatch from 'picomatch';
import { isInside, segmentsOf, type SiteTree } from '../../files';
import { encodePath, isHiddenSegment } from '../../http';
import type { PageMorph } from './pageUpdates';

/** What browsers are told after a burst of changes: URL paths, split by how to apply them. */
export interface ChangeBatch {
  /** Stylesheets that can be swapped in place. */
  css: string[];
  /** Everything else: a page that uses one of these reloads. */
  other: string[];
  /** Folders whose entries changed (`/docs/`): a page showing one's listing is updated. */
  folders?: string[];
  /** Pages that can be morphed in place (live reload adds these; the batcher never does). */
  pages?: PageMorph[];
  /**
   * What a backend renders may have changed: a file other than a stylesheet was saved in the
   * root, something changed in a `watch` folder, or the backend restarted.
   */
  rendered?: boolean;
}

export interface BatcherSettings {
  /** The root and its mounts: a file's URL paths; files none of them serves are dropped. */
  tree: SiteTree;
  debounceMs: number;
  ignore: readonly string[];
  cssInPlace: boolean;
  /** Folders outside the root whose changes count as `rendered` (a backend's templates). */
  watch?: readonly string[];
}

/** Ignored whatever the settings say: never part of a page. */
export const DEFAULT_IGNORE = ['**/node_modules/**', '**/.git/**'];

/** A burst that never pauses is still flushed this often, so a long build shows progress. */
const MAX_WAIT_MS = 1000;

/**
 * Collects change events and, once they pause for `debounceMs`, emits one batch: a formatter
 * writing ten files, or an editor's save-rename dance, becomes one reload.
 *
 * With `early`, the first change of a burst is not kept waiting: what arrived in the same turn of
 * the event loop goes to `early` at once, and the settled batch then holds only what came after
 * (it is emitted even when empty, so the receiver learns that the burst is over).
 */
export class ChangeBatcher {
  private pending = new Set<string>();
  private folders = new Set<string>();
  private rendered = false;
  private timer: NodeJS.Timeout | undefined;
  private leading: NodeJS.Immediate | undefined;
  private earlyInBurst = false;
  private firstAt = 0;
  private isIgnored: (rel: string) => boolean;

  constructor(
    private settings: BatcherSettings,
    private readonly emit: (batch: ChangeBatch) => void,
    private readonly early?: (batch: ChangeBatch) => void,
  ) {
    this.isIgnored = compileIgnore(settings.ignore);
  }

  update(settings: BatcherSettings): void {
    this.settings = settings;
    this.isIgnored = compileIgnore(settings.ignore);
  }

  /**
   * Records a changed absolute path. Paths outside the root and its `watch` folders, hidden or
   * ignored are dropped. `onDisk` false: unsaved text, which no backend can see yet.
   */
  add(filePath: string, onDisk = true): void {
    const urlPaths = this.toUrlPaths(filePath);
    if (urlPaths.length === 0) {
      if (onDisk && this.inWatchedFolder(filePath)) this.markRendered();
      return;
    }
    if (onDisk && !urlPaths[0].toLowerCase().endsWith('.css')) this.rendered = true;
    this.schedule();
    for (const urlPath of urlPaths) {
      this.pending.add(urlPath);
      // Its folder's listing (`/docs/`) may show it: a created, deleted or resized entry.
      this.folders.add(urlPath.slice(0, urlPath.lastIndexOf('/') + 1));
    }
  }

  /** Something a backend renders from changed that is no file (the backend restarted). */
  markRendered(): void {
    this.rendered = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer === undefined) {
      this.firstAt = Date.now();
      if (this.early) this.leading = setImmediate(() => this.flushEarly());
    }
    clearTimeout(this.timer);
    const untilMax = this.firstAt + MAX_WAIT_MS - Date.now();
    // A burst still going at MAX_WAIT_MS (a long checkout, a build) shows its progress as an early
    // batch, whose reloads wait: the page reloads once, when the burst pauses.
    if (this.early && untilMax < this.settings.debounceMs) {
      this.timer = setTimeout(() => this.progress(), Math.max(0, untilMax));
      return;
    }
    this.timer = setTimeout(() => this.flush(), Math.max(0, Math.min(this.settings.debounceMs, untilMax)));
  }

  /** The middle of a long burst: what came so far goes out as early, and the burst goes on. */
  private progress(): void {
    this.firstAt = Date.now();
    this.timer = setTimeout(() => this.flush(), this.settings.debounceMs);
    if (this.pending.size === 0 && !this.rendered) return;
    this.earlyInBurst = true;
    this.early?.(this.take());
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    clearImmediate(this.leading);
    this.leading = undefined;
    if (this.pending.size === 0 && !this.rendered && !this.earlyInBurst) return;
    this.earlyInBurst = false;
    this.emit(this.take());
  }

  private flushEarly(): void {
    this.leading = undefined;
    if (this.pending.size === 0 && !this.rendered) return;
    this.earlyInBurst = true;
    this.early?.(this.take());
  }

  private take(): ChangeBatch {
    const paths = [...this.pending];
    const folders = [...this.folders];
    const rendered = this.rendered;
    this.pending = new Set();
    this.folders = new Set();
    this.rendered = false;
    const css = this.settings.cssInPlace ? paths.filter((p) => p.toLowerCase().endsWith('.css')) : [];
    return {
      css,
      other: paths.filter((p) => !css.includes(p)),
      ...(folders.length ? { folders } : {}),
      ...(rendered ? { rendered } : {}),
    };
  }

  dispose(): void {
    clearTimeout(this.timer);
    clearImmediate(this.leading);
    this.timer = undefined;
    this.leading = undefined;
    this.pending.clear();
    this.rendered = false;
  }

  private inWatchedFolder(filePath: string): boolean {
    for (const folder of this.settings.watch ?? []) {
      if (!isInside(folder, filePath)) continue;
      const segments = segmentsOf(filePath, [folder]) ?? [];
      if (!this.isIgnored(segments.join('/')) && !segments.some(isHiddenSegment)) return true;
    }
    return false;
  }

  /** Every URL path the file is served at (a mounted file may have two), ignored and hidden ones left out. */
  private toUrlPaths(filePath: string): string[] {
    return this.settings.tree
      .segmentsOf(filePath)
      .filter((segments) => !this.isIgnored(segments.join('/')) && !segments.some(isHiddenSegment))
      .map((s) => encodePath(s, false));
  }
}

function compileIgnore(globs: readonly string[]): (rel: string) => boolean {
  const all = [...DEFAULT_IGNORE, ...globs];
  const match = picomatch(all, { dot: true });
  // `**/x/**` should also catch `x/…` at the top, which picomatch already does; a bare
  // folder name ("dist") means that folder anywhere.
  const bare = globs.filter((g) => !/[*?[\]{}/]/.test(g));
  return (rel) => match(rel) || bare.some((name) => rel.split('/').includes(name));
}
