import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The validators of one representation. `lastModified` is whole seconds, as HTTP dates are. */
export interface Validators {
  etag: string;
  lastModifiedMs: number;
}

/** A strong ETag from size and mtime, in the spirit of nginx's `"mtime-size"`. */
export function fileEtag(size: number, mtimeMs: number): string {
  return `"${Math.floor(mtimeMs).toString(16)}-${size.toString(16)}"`;
}

/** The same tag marked weak: compressed-on-the-fly bodies are not byte-identical across encoders. */
export function weaken(etag: string): string {
  return etag.startsWith('W/') ? etag : `W/${etag}`;
}

/** What marks an entity tag as naming a body with a tag injected into it: `-fx` and 11 characters of a hash of that tag. */
const INJECTED = /-fx[\w-]{11}"$/;

function injectionMark(tag: Buffer): string {
  return '-fx' + createHash('sha1').update(tag).digest('base64url').slice(0, 11);
}

/**
 * The entity tag of a body with `tag` injected into it. The tag's bytes (a server instance, a
 * page version, settings) are part of the representation, so the validator names them too: after
 * a restart or a change of settings the old tag cannot match, and a browser never revalidates
 * its copy carrying an old instance into a 304.
 */
export function injectedEtag(etag: string, tag: Buffer): string {
  return etag.replace(/"$/, `${injectionMark(tag)}"`);
}

/**
 * If-None-Match as the origin of an injected body must see it: tags marked for this very `tag`
 * lose the mark (the origin named the bytes before injection), tags marked for another tag are
 * dropped (they cannot match any more), others stay. `matched` says whether a tag lost its mark,
 * so a 304 can be marked on the way back. Returns undefined for the header when nothing is left.
 */
export function unmarkIfNoneMatch(header: string, tag: Buffer): { header: string | undefined; matched: boolean } {
  if (header.trim() === '*') return { header, matched: false };
  const mark = injectionMark(tag);
  let matched = false;
  const kept: string[] = [];
  for (const entityTag of splitTags(header)) {
    if (!INJECTED.test(entityTag)) kept.push(entityTag);
    else if (entityTag.endsWith(`${mark}"`)) {
      matched = true;
      kept.push(entityTag.slice(0, -mark.length - 1) + '"');
    }
  }
  return { header: kept.length > 0 ? kept.join(', ') : undefined, matched };
}

/** Whether a header's list of entity tags names any injected body: only then is the tag needed to read it. */
export function namesInjected(header: string): boolean {
  return splitTags(header).some((t) => INJECTED.test(t));
}

export type Precondition = 'proceed' | 'not-modified' | 'failed';

/**
 * Evaluates preconditions in the order RFC 9110 §13.2.2 gives: If-Match, else
 * If-Unmodified-Since (412); then If-None-Match, else If-Modified-Since (304 for GET/HEAD).
 * Unparsable dates are ignored, as the RFC requires.
 */
export function evaluatePreconditions(headers: IncomingHttpHeaders, v: Validators): Precondition {
  const ifMatch = headers['if-match'];
  if (ifMatch !== undefined) {
    if (!matchesAny(ifMatch, v.etag, strongEqual)) return 'failed';
  } else {
    const since = parseHttpDate(headers['if-unmodified-since']);
    if (since !== undefined && seconds(v.lastModifiedMs) > since) return 'failed';
  }
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    return matchesAny(ifNoneMatch, v.etag, weakEqual) ? 'not-modified' : 'proceed';
  }
  const modifiedSince = parseHttpDate(headers['if-modified-since']);
  if (modifiedSince !== undefined && seconds(v.lastModifiedMs) <= modifiedSince) return 'not-modified';
  return 'proceed';
}

/**
 * If-Range: the range applies only when the validator still matches. An entity tag must match
 * strongly; a date must equal Last-Modified exactly.
 */
export function ifRangeAllows(headers: IncomingHttpHeaders, v: Validators): boolean {
  const value = headers['if-range'] as string | undefined;
  if (value === undefined) return true;
  const trimmed = value.trim();
  if (trimmed.startsWith('"') || trimmed.startsWith('W/')) return strongEqual(trimmed, v.etag);
  const date = parseHttpDate(trimmed);
  return date !== undefined && date === seconds(v.lastModifiedMs);
}

function matchesAny(header: string, etag: string, equal: (a: string, b: string) => boolean): boolean {
  if (header.trim() === '*') return true;
  return splitTags(header).some((tag) => equal(tag, etag));
}

/** Splits a list of entity tags. Commas inside quotes belong to the tag. */
function splitTags(header: string): string[] {
  return header.match(/(?:W\/)?"[^"]*"/g) ?? [];
}

function opaque(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}

function weakEqual(a: string, b: string): boolean {
  return opaque(a) === opaque(b);
}

function strongEqual(a: string, b: string): boolean {
  return !a.startsWith('W/') && !b.startsWith('W/') && a === b;
}

function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/** Parses an HTTP date to whole seconds, or undefined when absent or invalid. */
export function parseHttpDate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : seconds(ms);
}
