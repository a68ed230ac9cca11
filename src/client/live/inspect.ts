// Page <-> source in the browser. An element is addressed by its path from <html>: at each step
// its index among the parent's element children and its tag name, as the server computes them
// from the source. A path that does not resolve with matching tags (a script changed the DOM
// there) is ignored rather than pointing at the wrong element.

import type { SyncPath } from '../../core/live/protocol';

const OVERLAY_ATTR = 'data-ferrox-overlay';
let overlay: HTMLDivElement | null = null;
let target: Element | null = null;

function elementChildren(el: Element): Element[] {
  return Array.from(el.children).filter((c) => !c.hasAttribute(OVERLAY_ATTR));
}

/** The element at `path`, or null when the DOM no longer matches it. */
export function resolvePath(path: SyncPath): Element | null {
  let el: Element = document.documentElement;
  for (const [index, tag] of path) {
    const child = elementChildren(el)[index];
    if (!child || child.localName !== tag) return null;
    el = child;
  }
  return el;
}

/** The path of `el`, or null for an element outside the document element. */
export function pathOf(el: Element | null): SyncPath | null {
  const path: [number, string][] = [];
  while (el && el !== document.documentElement) {
    const parent = el.parentElement;
    if (!parent) return null;
    path.unshift([elementChildren(parent).indexOf(el), el.localName]);
    el = parent;
  }
  return el ? path : null;
}

/**
 * Outlines the element at `path` and scrolls it into view; null clears the outline. Returns
 * false when the path no longer resolves (then nothing is outlined).
 */
export function highlight(path: SyncPath | null): boolean {
  target = path ? resolvePath(path) : null;
  if (!target) {
    hideOverlay();
    return !path;
  }
  if (!overlay) {
    overlay = document.createElement('div');
    overlay.setAttribute(OVERLAY_ATTR, '');
    overlay.setAttribute('aria-hidden', 'true');
    overlay.style.cssText =
      'position:absolute;pointer-events:none;z-index:2147483647;box-sizing:border-box;margin:0;' +
      'border:2px solid rgba(0,120,212,.85);background:rgba(0,120,212,.08);border-radius:2px;transition:all 80ms ease-out';
    window.addEventListener('scroll', place, { passive: true });
    window.addEventListener('resize', place);
  }
  if (!overlay.isConnected) document.documentElement.appendChild(overlay);
  place();
  target.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  return true;
}

function place(): void {
  if (!overlay || !target || !target.isConnected) return;
  const r = target.getBoundingClientRect();
  overlay.style.left = `${r.left + window.scrollX}px`;
  overlay.style.top = `${r.top + window.scrollY}px`;
  overlay.style.width = `${Math.max(r.width, 2)}px`;
  overlay.style.height = `${Math.max(r.height, 2)}px`;
}

/** Takes the outline out of the page (before a morph), and returns a function that puts it back. */
export function hideOverlay(): () => void {
  const shown = overlay;
  if (shown?.isConnected) shown.remove();
  else return () => undefined;
  return () => {
    if (target && target.isConnected) {
      document.documentElement.appendChild(shown);
      place();
    }
  };
}

/** Alt+click sends the clicked element's path to `send`; any other click is left to the page. */
export function revealOnAltClick(send: (path: SyncPath) => void): void {
  document.addEventListener(
    'click',
    (e) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
      const el = e.target instanceof Element ? e.target : null;
      const path = el && pathOf(el);
      if (!path) return;
      e.preventDefault();
      e.stopPropagation();
      send(path);
    },
    true,
  );
}
