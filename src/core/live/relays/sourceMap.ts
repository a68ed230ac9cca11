import { parse, type DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

/**
 * An element's address in a page: from `<html>` down, each step the index among its parent's
 * element children and the tag name. Indices count elements only, so whitespace and comment
 * edits leave it valid; the tag names let the browser refuse a path that a script's changes to
 * the DOM made point elsewhere.
 */
export type ElementPath = [index: number, tag: string][];

/** Where an element's start tag lies in the source (offsets, 0-based). */
export interface StartTag {
  start: number;
  end: number;
}

/**
 * The element whose source holds `offset`, deepest first, parsed as browsers parse (parse5:
 * implied `<tbody>`, void elements, foster parenting). Inside a `<template>` the template itself
 * is the answer: its contents are not in the page's DOM tree.
 */
export function elementPathAt(html: string, offset: number): ElementPath | undefined {
  const root = documentElement(html);
  if (!root) return undefined;
  const path: ElementPath = [];
  let current: Element = root;
  for (;;) {
    if (current.tagName === 'template') return path;
    const children = elementChildren(current);
    const i = children.findIndex((child) => contains(child, offset));
    if (i < 0) return path;
    path.push([i, children[i].tagName]);
    current = children[i];
  }
}

/** The start tag of the element at `path`, or undefined when the path names no element of this source. */
export function startTagOf(html: string, path: ElementPath): StartTag | undefined {
  let current = documentElement(html);
  for (const [index, tag] of path) {
    if (!current) return undefined;
    const child: Element | undefined = elementChildren(current)[index];
    if (!child || child.tagName !== tag) return undefined;
    current = child;
  }
  if (!current) return undefined;
  const loc = current.sourceCodeLocation ?? firstLocated(current)?.sourceCodeLocation;
  if (!loc) return undefined;
  const tag = loc.startTag ?? loc;
  return { start: tag.startOffset, end: tag.endOffset };
}

/** Checks a path from a browser: small, well-formed, and plain tag names. */
export function isElementPath(value: unknown): value is ElementPath {
  return (
    Array.isArray(value) &&
    value.length <= 256 &&
    value.every(
      (step) =>
        Array.isArray(step) &&
        step.length === 2 &&
        Number.isInteger(step[0]) &&
        step[0] >= 0 &&
        step[0] < 100_000 &&
        typeof step[1] === 'string' &&
        /^[a-zA-Z][a-zA-Z0-9-]{0,63}$/.test(step[1]),
    )
  );
}

function documentElement(html: string): Element | undefined {
  const doc = parse(html, { sourceCodeLocationInfo: true });
  return doc.childNodes.find((n): n is Element => 'tagName' in n && n.tagName === 'html');
}

function elementChildren(el: Element): Element[] {
  return el.childNodes.filter((n): n is Element => 'tagName' in n);
}

/**
 * Whether the element's source range holds `offset`. Elements the parser implied (`<tbody>`,
 * `<head>`, `<body>`) have no range of their own: their located descendants decide.
 */
function contains(el: Element, offset: number): boolean {
  const loc = el.sourceCodeLocation;
  if (loc)
    return loc.startOffset <= offset && offset < (loc.endTag ? loc.endOffset : Math.max(loc.endOffset, lastOffset(el)));
  return elementChildren(el).some((child) => contains(child, offset));
}

/** The end of the last located descendant: an element without an end tag runs to its last child. */
function lastOffset(el: Element): number {
  let end = el.sourceCodeLocation?.endOffset ?? 0;
  for (const child of el.childNodes as Node[]) {
    const loc = child.sourceCodeLocation;
    if (loc) end = Math.max(end, loc.endOffset);
    if ('tagName' in child) end = Math.max(end, lastOffset(child));
  }
  return end;
}

function firstLocated(el: Element): Element | undefined {
  for (const child of elementChildren(el)) {
    if (child.sourceCodeLocation) return child;
    const inner = firstLocated(child);
    if (inner) return inner;
  }
  return undefined;
}
