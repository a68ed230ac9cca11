import { Transform, type TransformCallback } from 'node:stream';

/**
 * A whole document in memory with `tag` put in at its injection point (`at`, when known already;
 * the end when the document gives none).
 */
export function insertTag(body: Buffer, tag: Buffer, at: number = findInjectionPoint(body) ?? body.length): Buffer {
  return Buffer.concat([body.subarray(0, at), tag, body.subarray(at)]);
}

/**
 * Where to put the live-reload tag in an HTML document, decided from its beginning only:
 * right after `<head …>`, or, when the head (or even `<html>`) is omitted, before the first
 * thing that is neither a comment, a doctype nor `<html …>`. The tag therefore always lands in
 * the head, never near `</body>`: a `<template>`, inline SVG or a script that contains the text
 * "</body>" further down cannot confuse it.
 *
 * Returns the byte offset to insert at, or undefined when `prefix` ends before a decision.
 */
export function findInjectionPoint(prefix: Buffer): number | undefined {
  const BOM = [0xef, 0xbb, 0xbf];
  if (prefix.length < 3 && prefix.every((b, k) => b === BOM[k])) return undefined; // a BOM cut short
  let i = prefix[0] === 0xef && prefix[1] === 0xbb && prefix[2] === 0xbf ? 3 : 0;
  for (;;) {
    while (i < prefix.length && isSpace(prefix[i])) i++;
    if (i >= prefix.length) return undefined;
    if (prefix[i] !== 0x3c /* < */) return i; // text: the head is implied here
    const rest = prefix
      .subarray(i, i + 9)
      .toString('latin1')
      .toLowerCase();
    if (rest.startsWith('<!--')) {
      const end = prefix.indexOf('-->', i + 4);
      if (end === -1) return undefined;
      i = end + 3;
      continue;
    }
    if (rest.startsWith('<!') || rest.startsWith('<?')) {
      const end = prefix.indexOf('>', i);
      if (end === -1) return undefined;
      i = end + 1;
      continue;
    }
    if (rest.length < 6 && prefix.length - i < 6) return undefined; // too short to tell
    if (/^<html[\s>/]/.test(rest)) {
      const end = tagEnd(prefix, i);
      if (end === undefined) return undefined;
      i = end;
      continue;
    }
    if (/^<head[\s>/]/.test(rest)) return tagEnd(prefix, i);
    return i;
  }
}

/** The offset just past the `>` of the tag starting at `start`, honouring quoted attributes. */
function tagEnd(buf: Buffer, start: number): number | undefined {
  let quote = 0;
  for (let i = start + 1; i < buf.length; i++) {
    const c = buf[i];
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) {
      quote = c;
    } else if (c === 0x3e) {
      return i + 1;
    }
  }
  return undefined;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c;
}

/** How far into a document the injector looks before giving up and appending at the end. */
export const INJECTION_LOOKAHEAD = 64 * 1024;

/**
 * A pass-through stream that inserts `snippet` once, at findInjectionPoint(). It holds back at
 * most INJECTION_LOOKAHEAD bytes while deciding, and then streams; if no point is found within
 * that (a huge leading comment), the snippet is appended at the end, where browsers still run it.
 * Either way exactly `snippet.length` bytes are added, so Content-Length stays exact.
 */
export class HtmlInjector extends Transform {
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private injected = false;

  constructor(private readonly snippet: Buffer) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.injected || this.pendingLength >= INJECTION_LOOKAHEAD) {
      callback(null, chunk);
      return;
    }
    this.pending.push(chunk);
    this.pendingLength += chunk.length;
    const head = Buffer.concat(this.pending, this.pendingLength);
    const at = findInjectionPoint(head);
    if (at !== undefined) {
      this.injected = true;
      this.pending = [];
      this.push(head.subarray(0, at));
      this.push(this.snippet);
      callback(null, head.subarray(at));
    } else if (this.pendingLength >= INJECTION_LOOKAHEAD) {
      this.pending = [];
      callback(null, head);
    } else {
      callback();
    }
  }

  override _flush(callback: TransformCallback): void {
    if (this.pendingLength > 0 && !this.injected && this.pending.length > 0) {
      const head = Buffer.concat(this.pending, this.pendingLength);
      const at = findInjectionPoint(head) ?? head.length;
      this.push(head.subarray(0, at));
      this.push(this.snippet);
      this.push(head.subarray(at));
    } else if (!this.injected) {
      this.push(this.snippet);
    }
    callback();
  }
}
