/**
 * What request targets resolved to, so repeat requests skip the file-system lookup. Entries are
 * only ever added for targets the full path has parsed, contained and found to be a cached
 * file; the server clears the memo whenever a watched folder changes, since a created, deleted
 * or renamed path can change what any target resolves to.
 */
export class RouteMemo {
  /** Decoded path key (segments joined, trailing slash kept) → real path. */
  private readonly byKey = new Map<string, string>();
  /** The raw request target, byte for byte → real path: the hot path's index. */
  private readonly byRawTarget = new Map<string, string>();
  /** Raw targets known to name nothing → the watched folder a file would appear in, and the 404 page sent. */
  private readonly missingByRawTarget = new Map<string, { dir: string; page: Buffer }>();
  private clears = 0;

  constructor(private readonly limit = 10_000) {}

  get(key: string): string | undefined {
    return this.byKey.get(key);
  }

  /** The real path a raw target resolved to, if it may be answered without parsing again. */
  hot(rawTarget: string): string | undefined {
    return this.byRawTarget.get(rawTarget);
  }

  /**
   * Remembers a resolution made by a lookup that began at `generation`; refused if the memo was
   * cleared since (a watched folder changed, so the lookup may be out of date). `rawTarget` is
   * given only when every request with these exact bytes gets the same answer apart from its
   * headers (no live-reload tag, which depends on more).
   */
  remember(key: string, rawTarget: string | undefined, realPath: string, generation: number): void {
    if (generation !== this.clears) return;
    // Targets vary without limit (query strings): start over rather than grow.
    if (this.byKey.size >= this.limit) this.byKey.clear();
    if (this.byRawTarget.size >= this.limit) this.byRawTarget.clear();
    this.byKey.set(key, realPath);
    if (rawTarget !== undefined) this.byRawTarget.set(rawTarget, realPath);
  }

  /** Changes whenever the memo is cleared: a lookup that began before may be out of date. */
  get generation(): number {
    return this.clears;
  }

  /** The watched folder in which the file a raw target names is known to be missing. */
  missing(rawTarget: string): string | undefined {
    return this.missingByRawTarget.get(rawTarget)?.dir;
  }

  /** The 404 page a missing raw target was answered with (it names the target and nearby names). */
  missingPage(rawTarget: string): Buffer | undefined {
    return this.missingByRawTarget.get(rawTarget)?.page;
  }

  /**
   * Remembers that `rawTarget` names no file in the watched folder `dir`, if nothing changed in
   * any watched folder (and no watch ended) since `generation` was read, before the lookup.
   */
  rememberMissing(rawTarget: string, dir: string, generation: number, page: Buffer): void {
    if (generation !== this.clears) return;
    if (this.missingByRawTarget.size >= this.limit) this.missingByRawTarget.clear();
    this.missingByRawTarget.set(rawTarget, { dir, page });
  }

  forget(key: string): void {
    const realPath = this.byKey.get(key);
    this.byKey.delete(key);
    if (realPath === undefined) return;
    for (const [target, path] of this.byRawTarget) if (path === realPath) this.byRawTarget.delete(target);
  }

  clear(): void {
    this.clears++;
    this.byKey.clear();
    this.byRawTarget.clear();
    this.missingByRawTarget.clear();
  }
}
