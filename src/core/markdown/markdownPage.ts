import * as path from 'node:path';
import type { PageSource } from '../files';
import { renderer } from './renderer';

/** Files rendered as pages when a browser navigates to them. */
export function isMarkdownPath(filePath: string): boolean {
  return /\.(?:md|markdown)$/i.test(filePath);
}

/** Pages kept rendered (a reload, a revalidation and live reload's reader ask for the same one). */
const MEMO_ENTRIES = 8;
/** Larger sources are rendered each time rather than kept. */
const MEMO_MAX_SOURCE_BYTES = 256 * 1024;
const memo = new Map<string, { source: Buffer; page: Buffer }>();

/**
 * The page a Markdown source at `filePath` renders to, as bytes, keeping whether the source was
 * unsaved text. Rendering holds the event loop (bench/markdown.mjs): the last few pages are kept,
 * and rendered again only when their source's bytes change.
 */
export function markdownPageSource(source: PageSource, filePath: string): PageSource {
  const known = memo.get(filePath);
  if (known && known.source.equals(source.bytes)) return { bytes: known.page, unsaved: source.unsaved };
  const page = Buffer.from(renderer().renderMarkdownPage(source.bytes.toString('utf8'), path.basename(filePath)));
  if (source.bytes.length <= MEMO_MAX_SOURCE_BYTES) {
    memo.delete(filePath);
    if (memo.size >= MEMO_ENTRIES) memo.delete(memo.keys().next().value as string);
    memo.set(filePath, { source: source.bytes, page });
  }
  return { bytes: page, unsaved: source.unsaved };
}
