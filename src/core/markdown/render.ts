// Built as its own bundle (dist/markdown-bundle.js) and loaded on the first Markdown page
// (renderer.ts): markdown-it and highlight.js are most of its size, and most servers never need them.
/**
 * A Markdown file as a page. markdown-it with raw HTML off is the sanitiser: every `<` in the
 * source is text, and its link check refuses javascript:, vbscript:, file: and non-image data:
 * URLs; nothing the source says can add a script, a style or an event handler. Headings get ids
 * (GitHub's slugs, so links like `#getting-started` work) and an anchor (headingAnchors.ts);
 * code is highlighted here.
 */
import MarkdownIt from 'markdown-it';
import { htmlDocument } from '../http';
import { headingAnchors, headingText } from './headingAnchors';
import { highlight } from './highlight';
import { MARKDOWN_STYLE } from './markdownStyle';

export { slugify } from './headingAnchors';

const md: MarkdownIt = new MarkdownIt({ html: false, linkify: true, typographer: false, highlight }).use(
  headingAnchors,
);

/** The page's title: its first heading's text, else `fallback` (the file's name). */
function titleOf(tokens: ReturnType<MarkdownIt['parse']>, fallback: string): string {
  const open = tokens.findIndex((t) => t.type === 'heading_open');
  // The anchor's '#' is a text token too: the title is the heading's own text.
  return (open >= 0 ? headingText(tokens[open + 1]).replace(/^# /, '') : '').trim() || fallback;
}

/** The whole page for Markdown `source` (the same source always renders to the same bytes, which live reload compares). */
export function renderMarkdownPage(source: string, fileName: string): string {
  const env = {};
  const tokens = md.parse(source, env);
  const body = md.renderer.render(tokens, md.options, env);
  return htmlDocument(titleOf(tokens, fileName), MARKDOWN_STYLE, `<main class="markdown-body">\n${body}</main>`);
}
