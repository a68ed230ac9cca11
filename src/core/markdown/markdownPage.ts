import type { PageSource } from '../files';
import { renderer } from './renderer';

/** Files rendered as pages when a browser navigates to them. */
export function isMarkdownPath(filePath: string): boolean {
  return /\.(?:md|markdown)$/i.test(filePath);
}

/** A Markdown source's page as bytes, keeping whether the source was unsaved text. */
export function markdownPageSource(source: PageSource, fileName: string): PageSource {
  return { bytes: Buffer.from(renderer().renderMarkdownPage(source.bytes.toString('utf8'), fileName)), unsaved: source.unsaved };
}
