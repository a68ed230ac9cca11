// Scroll kept over a full reload: before Ferrox reloads a page (a script changed), it notes where
// the page and each scrolled element were; the reloaded page goes back there once its content has
// loaded, and again after late images, so a long page does not jump to the top. Keyed by the
// page's address in this tab's sessionStorage; read once.
import { pathOf, resolvePath } from './inspect.js';

const KEY = 'ferrox:scroll';

/** Reloads the page, keeping where it was scrolled to. */
export function reloadKeepingScroll() {
  try {
    const elements = [];
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
export function restoreScroll() {
  let saved = null;
  try {
    saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    sessionStorage.removeItem(KEY);
  } catch {
    return;
  }
  if (!saved || saved.at !== location.href) return;
  const apply = () => {
    window.scrollTo(saved.x, saved.y);
    for (const e of saved.elements) {
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
