// Synced browsing: pages that have joined mirror each other's scroll (anchored to content, for
// the page and for any scrolling element), clicks on buttons and in-page links, form input and
// submission, and where they are (a link followed, back, forward). Never password fields or
// fields marked autocomplete="off" or "cc-…". Each page shows a small switch to leave or rejoin.
// A second tab of a browser that already has a joined page stays out until its switch is
// flipped (BroadcastChannel asks the browser's other tabs). Nothing is echoed: a page ignores its
// own events, and what it does because of another page's event is not sent on.
import type { ServerEvents, SyncEvent, SyncPost } from '../../core/live/protocol';
import { pathOf, resolvePath } from './inspect';
import type { LiveState } from './state';

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

export interface Sync {
  enable(on: boolean): void;
  admit(): void;
  receive(message: ServerEvents['sync']): void;
}

const STORE_KEY = 'ferrox:sync';
const CHANNEL = 'ferrox-sync';
const SCROLL_EVERY_MS = 80;
const ASK_WAIT_MS = 150;
const HOST_ATTR = 'data-ferrox-sync';

const STYLE = `:host{all:initial;position:fixed;right:8px;bottom:8px;z-index:2147483646;font:13px/1 system-ui,sans-serif}
button{font:inherit;border:1px solid rgba(0,0,0,.2);border-radius:16px;min-height:32px;padding:0 12px;cursor:pointer;
  background:rgba(255,255,255,.92);color:#1d1b20;box-shadow:0 1px 6px rgba(0,0,0,.2)}
button[aria-pressed=true]{background:#0b57d0;color:#fff;border-color:#0b57d0}`;

/**
 * `endpoint` is ROUTES.sync; `instance()` the server's id; `mayJoin()` whether this page may take
 * part at all: a page in a frame only once it is the verified preview (another site could frame
 * it to steer every synced page). Returns `{ enable(on), admit(), receive(message) }`: the server
 * says whether sync is on (TAG.sync, then each `hello`) and relays the others' events; `admit()`
 * is called when `mayJoin()` may have become true.
 */
export function createSync(
  endpoint: string,
  instance: () => string | null,
  state: LiveState,
  mayJoin: () => boolean,
): Sync {
  const id = Math.random().toString(36).slice(2, 12);
  const counts: NonNullable<LiveState['sync']> = { sent: 0, applied: 0, joined: false };
  state.sync = counts;
  let enabled = false;
  let joined = false;
  let applying = false;
  /** Where applying another page's scroll put each scroller: the scroll event that follows is that, not the user. */
  const applied = new Map<Element, number>();
  let host: HTMLDivElement | null = null;
  let channel: BroadcastChannel | null = null;
  let scrollTimer: ReturnType<typeof setTimeout> | 0 = 0;
  let lastScrollSent = 0;
  const pendingScroll = new Set<Element | null>();

  function post(event: SyncEvent): void {
    if (!enabled || !joined || applying) return;
    counts.sent++;
    const body: SyncPost = { instance: instance() ?? '', from: id, event };
    fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }).catch(() => {
      /* the server is gone */
    });
  }

  function setJoined(on: boolean, remember: boolean): void {
    joined = counts.joined = on;
    if (remember) {
      try {
        sessionStorage.setItem(STORE_KEY, on ? 'joined' : 'left');
      } catch {
        /* no storage */
      }
    }
    render();
    if (on) post({ kind: 'location', url: here() });
  }

  /** Joins unless this tab left before, or another tab of this browser is joined already. */
  function decide(): void {
    let stored: string | null = null;
    try {
      stored = sessionStorage.getItem(STORE_KEY);
    } catch {
      /* no storage */
    }
    if (stored) return setJoined(stored === 'joined', false);
    const tabs = channel;
    if (!tabs) return setJoined(true, true);
    let answered = false;
    const listen = (e: MessageEvent) => {
      if (e.data && e.data.joined) answered = true;
    };
    tabs.addEventListener('message', listen);
    tabs.postMessage({ ask: id });
    setTimeout(() => {
      tabs.removeEventListener('message', listen);
      setJoined(!answered, true);
    }, ASK_WAIT_MS);
  }

  function render(): void {
    if (!enabled || !mayJoin()) {
      if (host) host.remove();
      return;
    }
    if (!host) {
      host = document.createElement('div');
      host.setAttribute(HOST_ATTR, '');
      const root = host.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = STYLE;
      const button = document.createElement('button');
      button.onclick = () => setJoined(!joined, true);
      root.append(style, button);
    }
    const button = host.shadowRoot!.querySelector('button')!;
    button.setAttribute('aria-pressed', String(joined));
    button.textContent = joined ? '⇄ Synced' : '⇄ Not synced';
    button.title = joined
      ? 'This page mirrors the other synced pages. Click to leave.'
      : 'Click to mirror the other synced pages.';
    if (!host.isConnected) document.documentElement.appendChild(host);
  }

  // --- what this page does, for the others

  function onScroll(e: Event): void {
    const t = e.target;
    if (t === document || t === document.documentElement || t === document.body) pendingScroll.add(null);
    else if (t instanceof Element) pendingScroll.add(t);
    else return;
    const wait = Math.max(0, lastScrollSent + SCROLL_EVERY_MS - performance.now());
    if (!scrollTimer) scrollTimer = setTimeout(sendScroll, wait);
  }

  function sendScroll(): void {
    scrollTimer = 0;
    lastScrollSent = performance.now();
    for (const target of pendingScroll) {
      const scroller = target || document.scrollingElement;
      if (!scroller) continue;
      const echo = applied.get(scroller);
      applied.delete(scroller);
      if (echo !== undefined && Math.abs(scroller.scrollTop - echo) < 2) continue; // where another page put it
      const event = anchorOf(target);
      if (event) post(event);
    }
    pendingScroll.clear();
  }

  function onClick(e: MouseEvent): void {
    if (e.altKey || !(e.target instanceof Element)) return;
    const el = e.target.closest(
      'button, summary, [role=button], input[type=submit], input[type=button], input[type=reset], a[href]',
    );
    if (!el || (el instanceof HTMLAnchorElement && leavesDocument(el))) return; // a link to another page: its location is sent
    const path = pathOf(el);
    if (path) post({ kind: 'click', path });
  }

  function onInput(e: Event): void {
    const el = e.target;
    if (
      !(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) ||
      private_(el)
    )
      return;
    const path = pathOf(el);
    if (!path) return;
    if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio'))
      post({ kind: 'input', path, checked: el.checked });
    else post({ kind: 'input', path, value: el.value });
  }

  function onSubmit(e: Event): void {
    const path = e.target instanceof HTMLFormElement && pathOf(e.target);
    if (path) post({ kind: 'submit', path });
  }

  // --- what the others did, here

  function receive(message: ServerEvents['sync']): void {
    if (!enabled || !joined || message.from === id) return;
    const event = message.event;
    applying = true;
    try {
      if (event.kind === 'scroll') applyScroll(event);
      else if (event.kind === 'location') goTo(event.url);
      else {
        const el = resolvePath(event.path);
        if (!el) return; // this page's DOM differs there: skip the event
        if (event.kind === 'click') (el as HTMLElement).click();
        else if (event.kind === 'submit' && el instanceof HTMLFormElement) el.requestSubmit();
        else if (event.kind === 'input' && isField(el) && !private_(el)) setValue(el, event);
      }
      counts.applied++;
    } finally {
      applying = false;
    }
  }

  function applyScroll(event: Extract<SyncEvent, { kind: 'scroll' }>): void {
    const scroller = event.target ? resolvePath(event.target) : document.scrollingElement;
    const anchor = resolvePath(event.anchor);
    if (!scroller || !anchor) return;
    const r = anchor.getBoundingClientRect();
    const viewTop = event.target ? scroller.getBoundingClientRect().top : 0;
    scroller.scrollTop += r.top - viewTop + event.offset * r.height;
    applied.set(scroller, scroller.scrollTop);
  }

  function goTo(url: string): void {
    if (url === here()) return;
    const target = new URL(url, location.href);
    // Whatever the server relays, a synced page goes nowhere but its own origin.
    if (target.origin !== location.origin) return;
    if (target.pathname === location.pathname && target.search === location.search) location.hash = target.hash;
    else location.assign(target.href);
  }

  function setValue(el: Field, event: Extract<SyncEvent, { kind: 'input' }>): void {
    if (event.checked !== undefined) {
      if (el instanceof HTMLInputElement) el.checked = event.checked;
    } else el.value = event.value ?? '';
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }

  try {
    const tabs = (channel = new BroadcastChannel(CHANNEL));
    tabs.onmessage = (e) => {
      if (e.data && e.data.ask && enabled && joined) tabs.postMessage({ joined: true });
    };
  } catch {
    /* no BroadcastChannel: every tab joins */
  }
  document.addEventListener('scroll', onScroll, { capture: true, passive: true });
  document.addEventListener('click', onClick, true);
  document.addEventListener('input', onInput, true);
  document.addEventListener('change', onInput, true);
  document.addEventListener('submit', onSubmit, true);
  addEventListener('popstate', () => post({ kind: 'location', url: here() }));
  addEventListener('hashchange', () => post({ kind: 'location', url: here() }));
  // Back or forward to a page the browser kept whole (no load, no new script): say where this is.
  addEventListener('pageshow', (e) => {
    if (e.persisted) post({ kind: 'location', url: here() });
  });

  return {
    enable(on: boolean) {
      if (on === enabled) return;
      enabled = on;
      if (on && mayJoin()) decide();
      else render();
    },
    admit() {
      if (enabled && !host && mayJoin()) decide();
    },
    receive,
  };
}

function here(): string {
  return location.pathname + location.search + location.hash;
}

function leavesDocument(a: HTMLAnchorElement): boolean {
  const url = new URL(a.href, location.href);
  return (
    a.target === '_blank' ||
    url.origin !== location.origin ||
    url.pathname !== location.pathname ||
    url.search !== location.search
  );
}

function isField(el: Element): el is Field {
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;
}

/** Fields whose content never leaves the page. */
function private_(el: Field): boolean {
  const auto = (el.getAttribute('autocomplete') || '').toLowerCase();
  return el.type === 'password' || el.type === 'hidden' || el.type === 'file' || auto === 'off' || /\bcc-/.test(auto);
}

/**
 * The element at the top of `scroller`'s view (the page when null) and how far into it the view
 * starts, as a share of its height: the same content on any screen size.
 */
function anchorOf(scroller: Element | null): SyncEvent | null {
  const box = scroller ? scroller.getBoundingClientRect() : { top: 0, left: 0, width: innerWidth };
  const target = scroller ? pathOf(scroller) : null;
  if (scroller && !target) return null;
  // Content may sit anywhere across the view (a centred column, a sidebar): try a few places.
  for (const dy of [1, 8, 24, 48]) {
    for (const share of [0.5, 0.25, 0.75, 0.1]) {
      const el = contentAt(box.left + box.width * share, Math.max(0, box.top) + dy, scroller);
      if (!el) continue;
      const r = el.getBoundingClientRect();
      const anchor = pathOf(el);
      if (!anchor || r.height === 0) continue;
      // Found below the top (the view starts in a margin): that element goes to the top; a margin is not content.
      return { kind: 'scroll', target, anchor, offset: Math.max(0, (Math.max(0, box.top) - r.top) / r.height) };
    }
  }
  return null;
}

/** The innermost element of the page's content at a point of the view: not Ferrox's own, nothing fixed or sticky. */
function contentAt(x: number, y: number, scroller: Element | null): Element | null {
  for (const el of document.elementsFromPoint(x, y)) {
    if (el === scroller || el === document.body || el === document.documentElement) return null;
    if (el.closest('[data-ferrox-sync],[data-ferrox-errors]') || (scroller && !scroller.contains(el))) continue;
    const position = getComputedStyle(el).position;
    if (position !== 'fixed' && position !== 'sticky') return el;
  }
  return null;
}
