// Built as its own bundle (dist/markdown-bundle.js) and loaded on the first Markdown page
// (renderer.ts): markdown-it and highlight.js are most of its size, and most servers never need them.
/**
 * A Markdown file as a page. markdown-it with raw HTML off is the sanitiser: every `<` in the
 * source is text, and its link check refuses javascript:, vbscript:, file: and non-image data:
 * URLs; nothing the source says can add a script, a style or an event handler. Headings get ids
 * (GitHub's slugs, so links like `#getting-started` work) and an anchor; code is highlighted here.
 */
import MarkdownIt from 'markdown-it';
import anchor from 'markdown-it-anchor';
import { escapeHtml } from '../http';
import { highlight } from './highlight';
import { MARKDOWN_STYLE } from './markdownStyle';

/** GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens. */
export function slugify(text: string): string {
  return text.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

const md: MarkdownIt = new MarkdownIt({ html: false, linkify: true, typographer: false, highlight })
  .use(anchor, {
    slugify,
    permalink: anchor.permalink.linkInsideHeader({ symbol: '#', placement: 'before', class: 'anchor', ariaHidden: true }),
  });

/** The page's title: its first heading's text, else `fallback` (the file's name). */
function titleOf(tokens: ReturnType<MarkdownIt['parse']>, fallback: string): string {
  const open = tokens.findIndex((t) => t.type === 'heading_open');
  const text = open >= 0 ? tokens[open + 1]?.children?.filter((c) => c.type === 'text' || c.type === 'code_inline').map((c) => c.content).join('') : '';
  return text?.trim() || fallback;
}

/** The whole page for Markdown `source` (the same source always renders to the same bytes, which live reload compares). */
export function renderMarkdownPage(source: string, fileName: string): string {
  const env = {};
  const tokens = md.parse(source, env);
  const body = md.renderer.render(tokens, md.options, env);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(titleOf(tokens, fileName))}</title>
<style>${MARKDOWN_STYLE}</style>
</head>
<body>
<main class="markdown-body">
${body}</main>
</body>
</html>
`;
}

