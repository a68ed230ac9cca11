/**
 * markdown/: a Markdown file rendered as a page (markdown-it, sanitised by construction, code
 * highlighted), from a bundle of its own loaded on the first page.
 */
export { isMarkdownPath, markdownPageSource } from './markdownPage';
