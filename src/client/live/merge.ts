// In-place page updates as a three-way merge, like `git merge` with a base. The server sends the
// source the page was built from (the base) and the new source; the live DOM is the base plus
// what the user and the page's scripts did. The change is the difference between the two
// sources, applied to the live DOM; everything the source did not say is left alone: nodes a
// script added wherever they sit, attributes and classes a script set, shadow roots, form state.
//
// The rule (ARCHITECTURE.md): after the update the page equals a fresh load of the new source,
// but for state the user or the scripts hold. Where that cannot be guaranteed, nothing is
// touched and the caller reloads: the merge is planned whole first, and a conflict throws.
// Conflicts: the source changed what a script changed too (an attribute, a text); the base
// cannot be mapped onto the live DOM with confidence where the change is; a list changes where
// scripts put nodes between the source's (a script that inserts by index or next to an element
// would put them elsewhere after the edit); a new node's place among script-made ones is unknown.
// Nodes a script appended after, or put before, all of the source's keep that side: on a load
// the parser makes the source's nodes first, and such scripts run after.
// Scripts are never run: the server reloads instead whenever code changed.

/** Thrown when an in-place update could differ from a reload; `reason` says why. */
export class MergeConflict extends Error {}

/** A change to make, planned before any is made. */
type Plan = (() => void)[];
/** An old source node paired with the new one it became: `b` null for an added node, `n` null for a removed one. */
interface Pair {
  b: ChildNode | null;
  n: ChildNode | null;
}
/** The live counterparts of the old source's children (see mapLive). */
interface LiveMap {
  counterpart: Map<Node, ChildNode>;
  uncertain: boolean;
  kids: { live: ChildNode; base: Node | undefined }[];
}

/** Pairwise comparisons one list alignment may make; beyond, the page reloads. */
const MAX_COMPARISONS = 250000;

/**
 * Applies the change from source `oldHtml` to source `newHtml` to `doc` (this page). Returns the
 * number of DOM operations; throws MergeConflict (and changes nothing) when it must reload.
 */
export function mergePage(oldHtml: string, newHtml: string, doc: Document = document): number {
  // The new source is the next update's old one: parsed once (a large page takes milliseconds).
  const base = oldHtml === parsed.html && parsed.doc ? parsed.doc : parse(oldHtml);
  const next = parse(newHtml);
  parsed = { html: newHtml, doc: next };
  // A <template>'s content lies outside the tree the merge walks (and outside isEqualNode).
  const contents = (d: Document) => [...d.querySelectorAll('template')].map((t) => t.content);
  const [was, now] = [contents(base), contents(next)];
  if (was.length !== now.length || was.some((c, i) => !c.isEqualNode(now[i]))) conflict('a <template> changed');
  const plan: Plan = [];
  mergeNode(doc.documentElement, base.documentElement, next.documentElement, plan, doc);
  for (const step of plan) step();
  return plan.length;
}

/** The last new source parsed, and its document (never changed: new nodes are imported from it as copies). */
let parsed: { html: string | null; doc: Document | null } = { html: null, doc: null };

function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

function conflict(reason: string): never {
  throw new MergeConflict(reason);
}

/** Plans the change from `b` to `n` (source nodes of the same kind) on `live`, b's counterpart. */
function mergeNode(live: Node, b: Node, n: Node, plan: Plan, doc: Document): void {
  if (b.isEqualNode(n)) return;
  if (b.nodeType !== Node.ELEMENT_NODE) {
    if (live.nodeValue === n.nodeValue) return;
    if (live.nodeValue !== b.nodeValue) conflict('a script changed text the source changed too');
    plan.push(() => {
      live.nodeValue = n.nodeValue;
    });
    return;
  }
  mergeAttributes(live as Element, b as Element, n as Element, plan);
  mergeChildren(live as Element, b as Element, n as Element, plan, doc);
}

/** The attributes the source changed, applied; those it did not change stay as scripts left them. */
function mergeAttributes(live: Element, b: Element, n: Element, plan: Plan): void {
  const keys = new Map<string, Attr>();
  for (const a of [...b.attributes, ...n.attributes]) keys.set(`${a.namespaceURI}|${a.localName}`, a);
  for (const a of keys.values()) {
    const ns = a.namespaceURI;
    const was = b.getAttributeNS(ns, a.localName);
    const now = n.getAttributeNS(ns, a.localName);
    if (was === now) continue;
    const is = live.getAttributeNS(ns, a.localName);
    if (ns === null && a.localName === 'class') {
      const merged = mergeClasses(was, now, is);
      if (now === null && merged === '') {
        if (is !== null) plan.push(() => live.removeAttribute('class'));
      } else if (merged !== is) {
        plan.push(() => live.setAttribute('class', merged));
      }
      continue;
    }
    if (is === now) continue;
    if (is !== was) conflict(`a script changed the ${a.name} attribute the source changed too`);
    plan.push(() => (now === null ? live.removeAttributeNS(ns, a.localName) : live.setAttributeNS(ns, a.name, now)));
  }
}

/**
 * A class list as a reload would have it: the new source's classes (less those a script removed
 * from the old), then the classes scripts added, in their order.
 */
function mergeClasses(was: string | null, now: string | null, is: string | null): string {
  const tokens = (s: string | null) => (s || '').split(/\s+/).filter(Boolean);
  const base = new Set(tokens(was));
  const live = tokens(is);
  const kept = new Set(live);
  const source = tokens(now).filter((t) => !base.has(t) || kept.has(t));
  const scripts = live.filter((t) => !base.has(t) && !source.includes(t));
  return [...new Set([...source, ...scripts])].join(' ');
}

/**
 * A list the page orders itself (a sortable table: `data-ferrox-sorted` on its parent, as
 * Ferrox's own listings have): its children are found whatever their order, and a new one is
 * put at the end, for the page to place as it does on a load.
 */
const SORTED = 'data-ferrox-sorted';

/** Plans the change of `b`'s children to `n`'s on `live`'s. */
function mergeChildren(live: Element, b: Element, n: Element, plan: Plan, doc: Document): void {
  const pairs = alignSource([...b.childNodes], [...n.childNodes]);
  const structural = pairs.some((p) => !p.b || !p.n);
  const changed = pairs.some((p) => p.b && p.n && !p.b.isEqualNode(p.n));
  if (!structural && !changed) return;
  const sorted = b.hasAttribute(SORTED) && n.hasAttribute(SORTED);
  const { counterpart, uncertain, kids } = sorted
    ? mapUnordered(live, [...b.childNodes])
    : mapLive(live, [...b.childNodes]);
  for (const p of pairs) {
    if (!p.b || !p.n || p.b.isEqualNode(p.n)) continue;
    const l = counterpart.get(p.b);
    if (!l) conflict(uncertain ? "the page's scripts rewrote this part" : 'a script removed a node the source changed');
    mergeNode(l, p.b, p.n, plan, doc);
  }
  if (!structural) return;
  if (uncertain) conflict("the page's scripts rewrote a list the source changed");
  if (sorted) {
    for (const p of pairs) {
      const gone = p.b && !p.n ? counterpart.get(p.b) : undefined;
      if (gone) plan.push(() => gone.remove());
      const added = p.b ? null : p.n;
      if (added) plan.push(() => live.append(doc.importNode(added, true)));
    }
    return;
  }
  // Script-made nodes between the source's: where they go after this edit is the script's to say.
  const mapped = kids
    .map((k) => k.base !== undefined && counterpart.has(k.base))
    .map((m, i) => (m ? i : -1))
    .filter((i) => i >= 0);
  if (mapped.length > 0 && kids.slice(mapped[0], mapped[mapped.length - 1]).some((k) => !k.base)) {
    conflict("script-made nodes sit among the source's in a list that changed");
  }
  const firstKept = pairs.find((p) => p.b && p.n && counterpart.has(p.b));
  const foreign = kids.some((k) => !k.base);
  let cursor: ChildNode | null = null;
  for (const p of pairs) {
    if (p.b && !p.n) {
      const gone = counterpart.get(p.b);
      if (gone) plan.push(() => gone.remove());
    } else if (p.b && p.n) {
      cursor = counterpart.get(p.b) || cursor;
    } else if (p.n) {
      const node = doc.importNode(p.n, true);
      const after = cursor;
      const before = firstKept?.b ? counterpart.get(firstKept.b) : undefined;
      if (after) plan.push(() => after.after(node));
      else if (before) plan.push(() => before.before(node));
      else if (foreign) conflict("a new node's place among script-made ones is unknown");
      else plan.push(() => live.append(node));
      cursor = node;
    }
  }
}

/**
 * Pairs the old source's children with the new one's, in order: unchanged nodes by equality (a
 * longest common subsequence, after the common ends), then, between them, nodes of the same kind,
 * name and id as changed ones. The rest are removed (`n` null) or added (`b` null).
 */
function alignSource(bs: ChildNode[], ns: ChildNode[]): Pair[] {
  const same = lcs(bs, ns, (x, y) => x.isEqualNode(y));
  const pairs: Pair[] = [];
  let i = 0;
  let j = 0;
  for (const [bi, ni] of [...same, [bs.length, ns.length]]) {
    pairs.push(...pairGap(bs.slice(i, bi), ns.slice(j, ni)));
    if (bi < bs.length) pairs.push({ b: bs[bi], n: ns[ni] });
    i = bi + 1;
    j = ni + 1;
  }
  return pairs;
}

/** Within a gap: nodes of the same signature pair up in order as changed; the others are removed, then added. */
function pairGap(bs: ChildNode[], ns: ChildNode[]): Pair[] {
  const out: Pair[] = [];
  let from = 0;
  for (const n of ns) {
    const at = bs.findIndex((b, k) => k >= from && signature(b) === signature(n));
    if (at < 0) {
      out.push({ b: null, n });
      continue;
    }
    for (const b of bs.slice(from, at)) out.push({ b, n: null });
    out.push({ b: bs[at], n });
    from = at + 1;
  }
  for (const b of bs.slice(from)) out.push({ b, n: null });
  return out;
}

/**
 * The live counterparts of the old source's children: the same nodes in order (equal, or else of
 * the same kind, name and id where a gap holds as many of each on both sides), skipping what
 * Ferrox itself put in the page. `uncertain` when some source node could not be placed with
 * confidence; `kids` are the live children with the source node each stands for, if any.
 */
function mapLive(live: Element, bs: ChildNode[]): LiveMap {
  const ls = [...live.childNodes].filter((l) => !ownNode(l));
  const counterpart = new Map<Node, ChildNode>();
  const same = lcs(bs, ls, (b, l) => b.isEqualNode(l));
  let uncertain = false;
  let i = 0;
  let j = 0;
  for (const [bi, li] of [...same, [bs.length, ls.length]]) {
    const gapB = bs.slice(i, bi);
    const gapL = ls.slice(j, li);
    if (gapB.length > 0) {
      const count = (list: Node[]) =>
        list.reduce((m, x) => m.set(signature(x), (m.get(signature(x)) || 0) + 1), new Map<string, number>());
      const wanted = count(gapB);
      const have = count(gapL);
      for (const b of gapB) {
        if (wanted.get(signature(b)) !== have.get(signature(b))) {
          // Only text between elements may be missing without doubt: the parser made it, a script rarely removes it.
          if (!(have.get(signature(b)) === undefined && b.nodeType === Node.TEXT_NODE && !b.nodeValue?.trim()))
            uncertain = true;
          continue;
        }
        counterpart.set(
          b,
          gapL.filter((l) => signature(l) === signature(b))[
            gapB.filter((x) => signature(x) === signature(b)).indexOf(b)
          ],
        );
      }
    }
    if (bi < bs.length) counterpart.set(bs[bi], ls[li]);
    i = bi + 1;
    j = li + 1;
  }
  const baseOf = new Map([...counterpart].map(([b, l]) => [l, b]));
  return { counterpart, uncertain, kids: ls.map((l) => ({ live: l, base: baseOf.get(l) })) };
}

/** `mapLive` for a list the page orders itself: each source node by equality, else by kind and text, wherever it is. */
function mapUnordered(live: Element, bs: ChildNode[]): LiveMap {
  const ls = [...live.childNodes].filter((l) => !ownNode(l));
  const counterpart = new Map<Node, ChildNode>();
  let uncertain = false;
  // Equal nodes first (by their serialisation), then by kind and text: a script may have set attributes.
  for (const key of [serialised, (x: Node) => `${signature(x)}|${x.textContent}`]) {
    const group = (list: ChildNode[]) => {
      const by = new Map<string, ChildNode[]>();
      for (const x of list) if (!counterpart.has(x)) (by.get(key(x)) || by.set(key(x), []).get(key(x))!).push(x);
      return by;
    };
    const liveBy = group(ls);
    // Nodes alike cannot be told apart by content: paired in order when there are as many on both sides.
    for (const [k, sources] of group(bs)) {
      const found = liveBy.get(k) || [];
      if (found.length !== sources.length) continue;
      sources.forEach((b, i) => {
        counterpart.set(b, found[i]);
        counterpart.set(found[i], b);
      });
    }
  }
  for (const b of bs) if (!counterpart.has(b) && b.nodeType === Node.ELEMENT_NODE) uncertain = true;
  for (const l of ls) counterpart.delete(l);
  const baseOf = new Map([...counterpart].map(([b, l]) => [l, b]));
  return { counterpart, uncertain, kids: ls.map((l) => ({ live: l, base: baseOf.get(l) })) };
}

function serialised(node: Node): string {
  return node.nodeType === Node.ELEMENT_NODE ? (node as Element).outerHTML : `#${node.nodeType}|${node.nodeValue}`;
}

/** Kind, name and id: what pairs a changed node with the one it was. */
function signature(node: Node): string {
  if (node.nodeType !== Node.ELEMENT_NODE) return `#${node.nodeType}`;
  const el = node as Element;
  return `${el.namespaceURI} ${el.localName}#${el.getAttribute('id') || ''}`;
}

/** What Ferrox put in the page (its error badge, the sync switch, the highlight, its early script): never the source's. */
const OWN_ATTRIBUTES = ['data-ferrox-errors', 'data-ferrox-sync', 'data-ferrox-overlay', 'data-ferrox-early'];

function ownNode(node: Node): boolean {
  if (node.nodeType !== Node.ELEMENT_NODE) return false;
  const el = node as Element;
  return el.localName.startsWith('ferrox-') || OWN_ATTRIBUTES.some((name) => el.hasAttribute(name));
}

/**
 * Index pairs of a longest common subsequence of `xs` and `ys` under `eq`, in order. The common
 * ends are taken first (an edit is usually local); what is left is compared pairwise, within a
 * bound: a list too long to compare reloads.
 */
function lcs<X, Y>(xs: X[], ys: Y[], eq: (x: X, y: Y) => boolean): [number, number][] {
  let start = 0;
  while (start < xs.length && start < ys.length && eq(xs[start], ys[start])) start++;
  let endX = xs.length;
  let endY = ys.length;
  while (endX > start && endY > start && eq(xs[endX - 1], ys[endY - 1])) {
    endX--;
    endY--;
  }
  const head = Array.from({ length: start }, (_, k): [number, number] => [k, k]);
  const tail = Array.from({ length: xs.length - endX }, (_, k): [number, number] => [endX + k, endY + k]);
  const m = endX - start;
  const n = endY - start;
  if (m === 0 || n === 0) return [...head, ...tail];
  if (m * n > MAX_COMPARISONS) conflict('a list too long to compare changed');
  // lengths[a][b]: the LCS of xs[start + a..] and ys[start + b..].
  const lengths = Array.from({ length: m + 1 }, () => new Uint32Array(n + 1));
  for (let a = m - 1; a >= 0; a--) {
    for (let b = n - 1; b >= 0; b--) {
      lengths[a][b] = eq(xs[start + a], ys[start + b])
        ? lengths[a + 1][b + 1] + 1
        : Math.max(lengths[a + 1][b], lengths[a][b + 1]);
    }
  }
  const middle: [number, number][] = [];
  for (let a = 0, b = 0; a < m && b < n;) {
    if (eq(xs[start + a], ys[start + b])) {
      middle.push([start + a, start + b]);
      a++;
      b++;
    } else if (lengths[a + 1][b] >= lengths[a][b + 1]) a++;
    else b++;
  }
  return [...head, ...middle, ...tail];
}
