// In-place page updates. The server sends the page's old and new source; the page applies what
// the author changed and leaves alone what the user and the page's scripts did:
// - where old and new source have the same shape, attributes and text are patched in place;
// - where the shape changed, idiomorph morphs that subtree, keeping every element it can match,
//   never redoing an element whose source did not change, never removing an element a script
//   added, and never resetting form state or <details> the author did not change.
// Scripts are never run: the server reloads the page instead whenever code changed.
import { Idiomorph } from 'idiomorph';

/** Attributes that hold what the user did: kept unless the author changed them in the source. */
const USER_STATE = { value: true, checked: true, selected: true, open: true };

/**
 * Patches the live document from source `oldHtml` to source `newHtml`. Returns the number of
 * subtrees that needed a structural morph (0 when only text and attributes changed).
 */
export function morphPage(oldHtml, newHtml) {
  const parser = new DOMParser();
  const before = parser.parseFromString(oldHtml, 'text/html').documentElement;
  const after = parser.parseFromString(newHtml, 'text/html').documentElement;
  const stats = { morphs: 0 };
  patch(document.documentElement, before, after, stats);
  return stats.morphs;
}

function patch(live, before, after, stats) {
  if (before.isEqualNode(after)) return; // the author changed nothing here
  if (!sameShape(before, after) || !sameShape(live, before)) {
    syncAttributes(live, before, after);
    morphChildren(live, before, after, stats);
    return;
  }
  syncAttributes(live, before, after);
  for (let i = 0; i < after.childNodes.length; i++) {
    const a = after.childNodes[i];
    const b = before.childNodes[i];
    const l = live.childNodes[i];
    if (a.nodeType === Node.ELEMENT_NODE) patch(l, b, a, stats);
    else if (b.nodeValue !== a.nodeValue) l.nodeValue = a.nodeValue;
  }
}

/** Same number of children, each of the same kind (and tag, for elements). */
function sameShape(x, y) {
  const xs = x.childNodes;
  const ys = y.childNodes;
  if (xs.length !== ys.length) return false;
  for (let i = 0; i < xs.length; i++) {
    if (xs[i].nodeType !== ys[i].nodeType || xs[i].nodeName !== ys[i].nodeName) return false;
  }
  return true;
}

/** Applies the attributes the author changed; attributes set by scripts are left alone. */
function syncAttributes(live, before, after) {
  for (const attr of after.attributes) {
    if (before.getAttribute(attr.name) !== attr.value) live.setAttribute(attr.name, attr.value);
  }
  for (const attr of [...before.attributes]) {
    if (!after.hasAttribute(attr.name)) live.removeAttribute(attr.name);
  }
}

/** A structural change: idiomorph morphs `live`'s children into `after`'s. */
function morphChildren(live, before, after, stats) {
  stats.morphs++;
  const sourceOf = new Map();
  mapSources(live, before, sourceOf);
  const preexisting = new Set(live.querySelectorAll('*'));
  let pair = null;
  Idiomorph.morph(live, [...after.cloneNode(true).childNodes], {
    morphStyle: 'innerHTML',
    head: { style: 'morph' },
    callbacks: {
      beforeNodeMorphed(oldNode, newNode) {
        const src = sourceOf.get(oldNode);
        // Unchanged in the source: keep it exactly as it is now, with what scripts did inside.
        if (src && newNode.nodeType === Node.ELEMENT_NODE && src.isEqualNode(newNode)) return false;
        pair = { oldNode, newNode };
        return true;
      },
      beforeNodeRemoved(node) {
        // An element no source line accounts for was added by a script: it stays.
        return !(node.nodeType === Node.ELEMENT_NODE && preexisting.has(node) && !sourceOf.has(node));
      },
      beforeAttributeUpdated(name, element) {
        if (!USER_STATE[name]) return true;
        const src = sourceOf.get(element);
        if (!src || !pair || pair.oldNode !== element) return false;
        return src.getAttribute(name) !== pair.newNode.getAttribute(name);
      },
    },
  });
}

/**
 * Pairs live nodes with the source nodes they came from. Where a script inserted nodes, the
 * pairing skips the live nodes that match no source node in order.
 */
function mapSources(live, before, sourceOf) {
  const ls = live.childNodes;
  const bs = before.childNodes;
  let j = 0;
  for (let i = 0; i < ls.length && j < bs.length; i++) {
    if (!looksLike(ls[i], bs[j])) continue;
    sourceOf.set(ls[i], bs[j]);
    if (ls[i].nodeType === Node.ELEMENT_NODE) mapSources(ls[i], bs[j], sourceOf);
    j++;
  }
}

function looksLike(l, b) {
  if (l.nodeType !== b.nodeType || l.nodeName !== b.nodeName) return false;
  return l.nodeType !== Node.ELEMENT_NODE || (l.getAttribute('id') || '') === (b.getAttribute('id') || '');
}
