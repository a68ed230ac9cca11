import { parse, serialize, type DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];
type Template = DefaultTreeAdapterMap['template'];

/** How a changed page reaches the browsers that show it. */
export type PageUpdate =
  | { kind: 'morph' }
  /** The change needs a full reload, so the page never runs stale code; `reason` says why. */
  | { kind: 'reload'; reason: string }
  /** The new text is empty where the old was not: most likely a save caught half-way. */
  | { kind: 'wait' };

/**
 * The rule: a page is morphed in place unless the change touches something a morph cannot
 * apply safely. Those are compared as a list of "fixed parts" in document order:
 * - every `<script>` (its attributes and text), anywhere, in SVG too: a morph never runs code;
 * - every inline event handler (`on…` attribute) and `javascript:` URL: a handler's text is code;
 * - `<base>`: every relative URL on the page depends on it;
 * - `<meta charset>` and `<meta http-equiv>`: they act only while the page is parsed;
 * - `<template>` contents: they live outside the DOM tree a morph walks.
 * Everything else (text, attributes, elements, `<title>`, `<meta>`, `<style>`, `<link>`) morphs.
 */
export function decidePageUpdate(oldHtml: string, newHtml: string, oldParts?: readonly string[]): PageDecision {
  if (newHtml.trim() === '' && oldHtml.trim() !== '') return { update: { kind: 'wait' } };
  // Text edited between tags, outside any element whose text is code or kept apart: no fixed part can change.
  if (oldParts && textOnlyEdit(oldHtml, newHtml)) return { update: { kind: 'morph' }, parts: [...oldParts] };
  const parts = fixedParts(newHtml);
  return { update: compareFixedParts(oldParts ?? fixedParts(oldHtml), parts), parts };
}

/** Elements whose text is a fixed part, or is not text at all: an edit inside them needs the parser's word. */
const RAW_ELEMENTS = [
  'script',
  'style',
  'template',
  'textarea',
  'title',
  'noscript',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
  'plaintext',
];

/**
 * Whether `newHtml` differs from `oldHtml` only in text between tags: the changed run (after the
 * common start and end) holds no `<`, `>`, `&` or quote on either side, lies outside every tag
 * and comment, and inside no element whose content the parser does not read as markup. Then the
 * page's fixed parts are the old ones, and parsing a large page for each typed word is saved.
 */
export function textOnlyEdit(oldHtml: string, newHtml: string): boolean {
  let start = 0;
  const max = Math.min(oldHtml.length, newHtml.length);
  while (start < max && oldHtml.charCodeAt(start) === newHtml.charCodeAt(start)) start++;
  let end = 0;
  while (
    end < max - start &&
    oldHtml.charCodeAt(oldHtml.length - 1 - end) === newHtml.charCodeAt(newHtml.length - 1 - end)
  )
    end++;
  const changed = [oldHtml.slice(start, oldHtml.length - end), newHtml.slice(start, newHtml.length - end)];
  if (changed.some((c) => /[<>&"'`=]/.test(c))) return false;
  const before = oldHtml.slice(0, start);
  // Inside a tag (an attribute's value: a handler, a javascript: URL) or a comment.
  if (before.lastIndexOf('<') > before.lastIndexOf('>')) return false;
  if (before.lastIndexOf('<!--') > before.lastIndexOf('-->')) return false;
  const lower = before.toLowerCase();
  return RAW_ELEMENTS.every((tag) => lower.lastIndexOf(`<${tag}`) <= lower.lastIndexOf(`</${tag}`));
}

/** A decision, with the new page's fixed parts so the next change need not parse it again. */
export interface PageDecision {
  update: PageUpdate;
  parts?: string[];
}

function compareFixedParts(before: readonly string[], after: readonly string[]): PageUpdate {
  const n = Math.max(before.length, after.length);
  for (let i = 0; i < n; i++) {
    if (before[i] !== after[i]) return { kind: 'reload', reason: describe(after[i] ?? before[i]) };
  }
  return { kind: 'morph' };
}

/** The parts of a page that only a reload can change, in document order. */
export function fixedParts(html: string): string[] {
  const parts: string[] = [];
  walk(parse(html), parts);
  return parts;
}

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data']);

function walk(node: Node, parts: string[]): void {
  if ('tagName' in node) visit(node, parts);
  const children = 'childNodes' in node ? node.childNodes : [];
  for (const child of children) walk(child, parts);
}

function visit(el: Element, parts: string[]): void {
  const tag = el.tagName;
  if (tag === 'script') parts.push(`script ${attributes(el)} ${textOf(el)}`);
  else if (tag === 'base') parts.push(`base ${attributes(el)}`);
  else if (tag === 'meta' && el.attrs.some((a) => a.name === 'charset' || a.name === 'http-equiv'))
    parts.push(`meta ${attributes(el)}`);
  else if (tag === 'template') parts.push(`template ${serialize((el as Template).content)}`);
  for (const a of el.attrs) {
    if (a.name.startsWith('on')) parts.push(`handler <${tag} ${a.name}="${a.value}">`);
    else if (URL_ATTRIBUTES.has(a.name) && /^\s*javascript:/i.test(a.value))
      parts.push(`handler <${tag} ${a.name}="${a.value}">`);
  }
}

function attributes(el: Element): string {
  return el.attrs.map((a) => `${a.prefix ? a.prefix + ':' : ''}${a.name}="${a.value}"`).join(' ');
}

function textOf(el: Element): string {
  return el.childNodes.map((c) => ('value' in c && c.nodeName === '#text' ? c.value : '')).join('');
}

function describe(part: string): string {
  if (part.startsWith('script')) return 'a <script> changed';
  if (part.startsWith('handler')) return 'an inline event handler or javascript: URL changed';
  if (part.startsWith('base')) return 'the <base> URL changed';
  if (part.startsWith('meta')) return 'a <meta charset> or <meta http-equiv> changed';
  return 'a <template> changed';
}
