import { createHash } from 'node:crypto';
import type { PageSource } from '../../files';
import { decidePageUpdate, fixedParts } from './pageRule';
import type { PageMorphEvent } from '../protocol';

/** What browsers showing a page are told when it can be morphed (the protocol's PageMorphEvent). */
export type PageMorph = PageMorphEvent;

export type PageOutcome =
  | { kind: 'morph'; morph: PageMorph }
  | { kind: 'reload'; reason: string }
  /** Nothing to tell: the version did not change, or unsaved text waits for its save. */
  | { kind: 'unchanged' }
  /** Not decidable yet (early in a burst): ask again when the burst settles. */
  | { kind: 'later' };

interface Known {
  source: PageSource;
  /** Names these bytes (a hash): the same bytes served by any worker get the same version. */
  version: string;
  text: string;
  /** The page's fixed parts (pageRule), computed on first need. */
  parts?: string[];
}

/**
 * Pages and bytes remembered at most; the least recently served page is forgotten first (a change
 * to it then reloads). The buffers are often the file cache's own, but an evicted one stays alive
 * while it is remembered here, hence the byte cap.
 */
const MAX_PAGES = 256;
const MAX_BYTES = 16 * 1024 * 1024;

/**
 * The last source served (or morphed to) for each page, and the decision for a change to it.
 * Holds references to buffers the cache or the editor already keep; it copies nothing.
 */
export class PageUpdates {
  private readonly known = new Map<string, Known>();
  private bytes = 0;

  constructor(private readonly read: (urlPath: string) => Promise<PageSource | undefined>) {}

  /**
   * Notes the source a browser was just sent for the page at `urlPath`, and returns the version
   * that names it. Versions come from the bytes, not from size and time, which two quick saves of
   * the same length can share.
   */
  served(urlPath: string, source: PageSource): string {
    const prev = this.known.get(urlPath);
    if (prev && (prev.source.bytes === source.bytes || prev.source.bytes.equals(source.bytes))) return prev.version;
    const version = versionOf(source.bytes);
    this.remember(urlPath, { source, version, text: source.bytes.toString('utf8') });
    return version;
  }

  /**
   * Decides how the page at `urlPath` reaches browsers after it changed. Early in a burst only a
   * morph is sent (so a burst reloads at most once, when it settles). Unsaved text that would
   * need a reload waits for its save: a half-typed script never runs.
   */
  async change(urlPath: string, settled: boolean): Promise<PageOutcome> {
    const prev = this.known.get(urlPath);
    if (!prev)
      return settled ? { kind: 'reload', reason: 'no served version of the page is known' } : { kind: 'later' };
    const next = await this.read(urlPath);
    if (!next)
      return settled
        ? { kind: 'reload', reason: 'the page is gone, unreadable or too large to morph' }
        : { kind: 'later' };
    if (next.bytes.equals(prev.source.bytes)) return { kind: 'unchanged' };
    const version = versionOf(next.bytes);
    const text = next.bytes.toString('utf8');
    prev.parts ??= fixedParts(prev.text);
    const { update, parts } = decidePageUpdate(prev.text, text, prev.parts);
    // An emptied page early in a burst is most likely a save caught between truncate and write.
    if (update.kind === 'wait' && !settled) return { kind: 'later' };
    if (update.kind === 'reload') {
      if (!settled) return { kind: 'later' };
      if (next.unsaved) return { kind: 'unchanged' };
      this.remember(urlPath, { source: next, version, text, parts });
      return update;
    }
    this.remember(urlPath, { source: next, version, text, parts });
    return { kind: 'morph', morph: { path: urlPath, from: prev.version, to: version, html: text, old: prev.text } };
  }

  /** Whether a page at `urlPath` was served (and so may be shown somewhere). */
  knows(urlPath: string): boolean {
    return this.known.has(urlPath);
  }

  clear(): void {
    this.known.clear();
    this.bytes = 0;
  }

  private remember(urlPath: string, known: Known): void {
    this.forget(urlPath);
    this.known.set(urlPath, known);
    this.bytes += known.source.bytes.length;
    while (this.known.size > MAX_PAGES || (this.bytes > MAX_BYTES && this.known.size > 1)) {
      this.forget(this.known.keys().next().value as string);
    }
  }

  private forget(urlPath: string): void {
    const known = this.known.get(urlPath);
    if (!known) return;
    this.bytes -= known.source.bytes.length;
    this.known.delete(urlPath);
  }
}

function versionOf(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('base64url').slice(0, 16);
}
