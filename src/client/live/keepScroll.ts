// Scroll kept over a full reload: before Ferrox reloads a page (a script changed), it notes where
// the page and each scrolled element were; the reloaded page goes back there once its content has
// loaded, and again after late images, so a long page does not jump to the top. Keyed by the
// page's address in this tab's sessionStorage; read once.
import type { SyncPath } from '../../core/live/protocol';
import { pathOf, resolvePath } from './inspect';

const KEY = 'ferrox:scroll';

interface SavedScroll {
  at: string;
  x: number;
  y: number;
  elements: { path: SyncPath; top: number; left: number }[];
}

/** Reloads the page, keeping where it was scrolled to. */
export function reloadKeepingScroll(): void {
  try {
    const elements: SavedScroll['elements'] = [];
    for (const el of document.body ? document.body.querySelectorAll('*') : []) {
      if (el.scrollTop > 0 || el.scrollLeft > 0) {
        const path = pathOf(el);
        if (path) elements.push({ path, top: el.scrollTop, left: el.scrollLeft });
      }
    }
    sessionStorage.setItem(KEY, JSON.stringify({ at: location.href, x: scrollX, y: scrollY, elements }));
  } catch {
    /* no storage: the browser's own restoration is all there is */
  }
  location.reload();
}

/** On a page Ferrox reloaded: back to where it was, now and once everything has loaded. */
export function restoreScroll(): void {
  let saved: SavedScroll | null;
  try {
    saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    sessionStorage.removeItem(KEY);
  } catch {
    return;
  }
  if (!saved || saved.at !== location.href) return;
  const { x, y, elements } = saved;
  const apply = () => {
    window.scrollTo(x, y);
    for (const e of elements) {
      const el = resolvePath(e.path);
      if (el) {
        el.scrollTop = e.top;
        el.scrollLeft = e.left;
      }
    }
  };
  if (document.readyState === 'complete') apply();
  else {
    if (document.readyState !== 'loading') apply();
    else document.addEventListener('DOMContentLoaded', apply, { once: true });
    window.addEventListener('load', apply, { once: true });
  }
}
