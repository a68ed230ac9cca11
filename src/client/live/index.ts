// Ferrox live reload, injected into served HTML pages; esbuild bundles it into
// dist/ferrox-live.js. It listens to the server's change events and applies each batch the
// cheapest correct way: the page's own HTML is updated in place by a three-way merge
// (merge.js) when the server says that is safe and the merge can equal a reload, stylesheets are swapped in place, a change to anything else this page uses reloads it,
// and changes to files the page does not use are ignored. A page a backend rendered fetches
// itself again and morphs (backendPage.js). After a server restart it reconnects and reloads,
// at most once per restart.
import {
  EVENTS_QUERY,
  FRAME_MESSAGES,
  ROUTES,
  TAG,
  type PageMorphEvent,
  type RevealPost,
  type ServerEvents,
  type SnapshotPost,
} from '../../core/live/protocol';
import { backendPage } from './backendPage';
import { createGrant } from './grant';
import { forwardConsole, takeEarly } from './console';
import { hideOverlay, highlight, revealOnAltClick } from './inspect';
import { mergePage } from './merge';
import { followMove } from './moved';
import { reloadKeepingScroll, restoreScroll } from './keepScroll';
import { showRuntimeErrors } from './overlay';
import { createSync } from './sync';
import { takeSnapshot } from './snapshot';
import type { LiveState } from './state';

/** What the page does with each event on the stream, its data typed by the protocol. */
type EventHandlers = { [E in keyof ServerEvents]: (data: ServerEvents[E]) => void };

/** Hands each event on the stream to its handler. */
function listen(source: EventSource, handlers: EventHandlers): void {
  for (const event of Object.keys(handlers) as (keyof ServerEvents)[]) {
    const handle = handlers[event] as (data: unknown) => void;
    source.addEventListener(event, (e) => handle(JSON.parse((e as MessageEvent<string>).data)));
  }
}

/** The name of a route, as a URL relative to the client's own (`./events` beside `./live.js`). */
function route(name: Exclude<keyof typeof ROUTES, 'prefix'>): string {
  return ROUTES[name].slice(ROUTES.prefix.length);
}

(function () {
  'use strict';
  if (window.__ferroxLive) return;
  const me = document.currentScript instanceof HTMLScriptElement ? document.currentScript : null;
  let servedInstance = me && me.getAttribute(TAG.instance);
  const servedFile = me && me.getAttribute(TAG.file);
  // The version of the source this page was built from; morphs apply only on top of it.
  let version = me && me.getAttribute(TAG.version);
  const state: LiveState = (window.__ferroxLive = { connected: false, events: 0, swaps: 0, morphs: 0 });
  // A page a backend rendered: it fetches itself again after a change (no token: a POST's answer).
  const backend =
    me && me.getAttribute(TAG.follow) === 'backend' ? backendPage(me.getAttribute(TAG.page), state) : null;
  // The script is linked relative to the page, so behind a path-prefix proxy (code-server's
  // /proxy/<port>/) its own URL tells where the site's root is.
  const hub = me ? new URL('.', me.src) : new URL(ROUTES.prefix, location.href);
  const siteBase = new URL('..', hub).pathname.replace(/\/$/, '');
  const consoleMode = me && me.getAttribute(TAG.console);
  const reveal = me && me.getAttribute(TAG.reveal);
  const previewKey = me && me.getAttribute(TAG.preview);
  const overlay = me && me.getAttribute(TAG.overlay) === 'on';
  const syncOn = me && me.getAttribute(TAG.sync) === 'on';
  // Names this page load: what the server addresses a snapshot or a reload to.
  const pageLoad = Math.random().toString(36).slice(2, 14) + Date.now().toString(36);
  // Out of the page at once: the DOM then lines up with the page's source, node for node.
  if (me && me.parentNode) me.parentNode.removeChild(me);
  restoreScroll();
  const early = takeEarly();
  if (consoleMode === 'errors' || consoleMode === 'all') {
    forwardConsole(
      new URL(route('console'), hub).href,
      consoleMode,
      function () {
        return servedInstance;
      },
      Math.random().toString(36).slice(2),
      early,
    );
  }
  if (overlay) {
    state.errors = showRuntimeErrors(
      early,
      new URL(route('locate'), hub).href,
      function () {
        return servedInstance;
      },
      reveal === 'alt-click' ? new URL(route('reveal'), hub).href : undefined,
    );
  }
  const sync = createSync(
    new URL(route('sync'), hub).href,
    function () {
      return servedInstance;
    },
    state,
    function () {
      return window.top === window || state.previewed === true;
    },
  );
  if (syncOn) sync.enable(true);
  if (reveal === 'alt-click' && servedFile) {
    const page = servedFile;
    revealOnAltClick(function (element) {
      state.reveals = (state.reveals || 0) + 1;
      const post: RevealPost = { instance: servedInstance ?? '', page, element };
      fetch(new URL(route('reveal'), hub).href, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(post),
      }).catch(function () {
        /* the server is gone */
      });
    });
  }
  try {
    performance.setResourceTimingBufferSize(10000);
  } catch {
    /* old browser */
  }

  function norm(p: string): string {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  }

  /** A root-relative path from the server, as this page's URLs spell it. */
  function sitePath(p: string): string {
    return norm(siteBase + p);
  }

  function pathOf(url: string): string | null {
    try {
      const u = new URL(url, location.href);
      return u.origin === location.origin ? norm(u.pathname) : null;
    } catch {
      return null;
    }
  }

  /** Every same-origin path this page loaded or references. */
  function usedPaths(): Record<string, boolean> {
    const used: Record<string, boolean> = {};
    const page = norm(location.pathname);
    used[page] = true;
    if (page.charAt(page.length - 1) === '/') used[page + 'index.html'] = true;
    if (servedFile) used[sitePath(servedFile)] = true;
    performance.getEntriesByType('resource').forEach(function (e) {
      const p = pathOf(e.name);
      if (p) used[p] = true;
    });
    // A backend's page is not a file: its own URL changing (index.php) is a change to fetch, not to reload for.
    if (backend) {
      delete used[page];
      delete used[page + 'index.html'];
    }
    const refs = document.querySelectorAll('[src],link[href],object[data]');
    for (let i = 0; i < refs.length; i++) {
      const el = refs[i];
      const p = pathOf(el.getAttribute('src') || el.getAttribute('href') || el.getAttribute('data') || '');
      if (p) used[p] = true;
    }
    return used;
  }

  function stylesheetLinks(): HTMLLinkElement[] {
    return Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel~="stylesheet"][href]')).filter(function (l) {
      return pathOf(l.href) !== null;
    });
  }

  /** Loads a fresh copy beside the old link and removes the old one once it applies: no flash. */
  function swap(link: HTMLLinkElement): void {
    const url = new URL(link.href);
    url.searchParams.set('ferrox', String(Date.now()));
    const fresh = link.cloneNode(false) as HTMLLinkElement;
    fresh.href = url.href;
    let done = false;
    const finish = function () {
      if (done) return;
      done = true;
      if (link.parentNode) link.parentNode.removeChild(link);
      state.swaps++;
    };
    fresh.addEventListener('load', finish);
    fresh.addEventListener('error', finish);
    link.parentNode?.insertBefore(fresh, link.nextSibling);
    setTimeout(finish, 3000);
  }

  function apply(batch: ServerEvents['change']): void {
    state.events++;
    const used = usedPaths();
    const own = servedFile ? sitePath(servedFile) : null;
    let mine: PageMorphEvent | null = null;
    let reload = (batch.other || []).some(function (p) {
      return used[sitePath(p)];
    });
    (batch.pages || []).forEach(function (p) {
      if (sitePath(p.path) === own) mine = p;
      else if (used[sitePath(p.path)]) reload = true; // another page inside this one: an iframe, a fragment
    });
    const update = mine as PageMorphEvent | null;
    if (!reload && update && update.to !== version) reload = !morph(update);
    if (reload) {
      if (backend && !backend.canReload) backend.sourceChanged();
      else reloadKeepingScroll();
      return;
    }
    const links = stylesheetLinks();
    let rebustAll = false;
    let swapped = false;
    (batch.css || []).forEach(function (p) {
      const path = sitePath(p);
      const direct = links.filter(function (l) {
        return pathOf(l.href) === path;
      });
      if (direct.length > 0) direct.forEach(swap);
      else if (used[path]) rebustAll = true; // reached through @import
      swapped = swapped || direct.length > 0;
    });
    // A backend may serve a stylesheet at another URL than its file's (Django's /static/): when
    // none of the page's links names the changed file, they are all fetched again.
    if (backend && (batch.css || []).length > 0 && !swapped) rebustAll = links.length > 0;
    if (rebustAll) {
      if (links.length > 0) links.forEach(swap);
      else reloadKeepingScroll();
    } else if (!swapped && !update && !batch.backend) {
      state.unused = (state.unused || 0) + 1; // nothing in the batch concerns this page
    }
    if (backend && batch.backend) backend.refresh(batch.backend);
  }

  /** Morphs this page to a new version of its source; false when it cannot (then it reloads). */
  function morph(update: PageMorphEvent): boolean {
    if (update.from !== version) return false;
    const restoreOverlay = hideOverlay();
    try {
      mergePage(update.old, update.html);
    } catch (err) {
      // A merge that could differ from a reload changed nothing: the page reloads.
      state.reloadReason = err instanceof Error ? err.message : String(err);
      return false;
    } finally {
      restoreOverlay();
    }
    version = update.to;
    state.morphs++;
    return true;
  }

  // Inside the editor's preview panel: report where we are, and obey its history buttons. A
  // framed page tells its parent nothing until the parent proves it is the preview, by posting
  // the key from this page's tag (which a framing page of another origin cannot read); from then
  // on it reports only to that parent's origin. Without a key (the CLI) a frame hears nothing.
  if (window.parent !== window && previewKey) {
    let previewOrigin: string | null = null;
    const report = function () {
      if (previewOrigin)
        window.parent.postMessage({ ferrox: FRAME_MESSAGES.location, href: location.href }, previewOrigin);
    };
    window.addEventListener('message', function (e) {
      if (e.source !== window.parent || !e.data) return;
      if (e.data.ferrox === FRAME_MESSAGES.preview && e.data.key === previewKey) {
        // An opaque origin cannot be named as a target; the message still goes to that parent alone.
        previewOrigin = e.origin === 'null' ? '*' : e.origin;
        state.previewed = true;
        sync.admit();
        report();
      } else if (
        e.data.ferrox === FRAME_MESSAGES.nav &&
        previewOrigin &&
        (previewOrigin === '*' || e.origin === previewOrigin)
      ) {
        if (e.data.action === 'back') history.back();
        else if (e.data.action === 'forward') history.forward();
        else if (e.data.action === 'reload') reloadKeepingScroll();
      }
    });
    window.addEventListener('popstate', report);
    window.addEventListener('hashchange', report);
    // Says only that a page waits for its key.
    window.parent.postMessage({ ferrox: FRAME_MESSAGES.ready }, '*');
  }

  /** True the first time this tab reloads for `instance`; never twice for the same one. */
  function firstReloadFor(instance: string): boolean {
    const key = 'ferrox:reloaded-for';
    try {
      if (sessionStorage.getItem(key) === instance) return false;
      sessionStorage.setItem(key, instance);
      return true;
    } catch {
      // No storage (a sandboxed frame): a page that is itself a reload does not reload again.
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      return !nav || nav.type !== 'reload';
    }
  }

  /** The stream's URL, with what the page says of itself for "who is watching" (protocol.ts EVENTS_QUERY). */
  function eventsUrl(): string {
    const url = new URL(route('events'), hub);
    const p = location.pathname;
    url.searchParams.set(EVENTS_QUERY.page, siteBase && p.indexOf(siteBase + '/') === 0 ? p.slice(siteBase.length) : p);
    // The visual viewport at its scale: a phone showing a page laid out at 980 px still says 390.
    const vv = window.visualViewport;
    const w = vv ? vv.width * vv.scale : innerWidth;
    const h = vv ? vv.height * vv.scale : innerHeight;
    url.searchParams.set(EVENTS_QUERY.viewport, Math.round(w) + 'x' + Math.round(h));
    if (window.top !== window) url.searchParams.set(EVENTS_QUERY.framed, '1');
    if (servedInstance) url.searchParams.set(EVENTS_QUERY.instance, servedInstance);
    url.searchParams.set(EVENTS_QUERY.id, pageLoad);
    return url.href;
  }

  let retryDelay = 500;
  const grant = createGrant(new URL(route('grant'), hub).href);
  function connect(): void {
    const source = new EventSource(eventsUrl());
    // One handler for each event of the protocol: the compiler refuses a table that misses one.
    const handlers: EventHandlers = {
      hello: function (hello) {
        const instance = hello.instance;
        sync.enable(hello.sync === true);
        state.connected = true;
        retryDelay = 500;
        // A different instance means the server restarted: files may have changed meanwhile, so
        // the page reloads, once. Should the reload bring back a copy from the old instance (a
        // cache that kept it), the page stays and takes the new server's changes from now on.
        const restarted = servedInstance && instance !== servedInstance;
        if (restarted && firstReloadFor(instance)) {
          // A form's answer cannot be fetched again: it says so, and stays.
          if (backend && !backend.canReload) backend.sourceChanged();
          else return reloadKeepingScroll();
        }
        servedInstance = state.instance = instance;
        // Staying on a copy from before the restart: connect again as a page of this instance,
        // which the server counts as an open tab (a stale one is about to reload, by its lights).
        if (restarted) {
          source.close();
          connect();
        }
      },
      change: apply,
      navigate: function (data) {
        // The editor moved to another page: a top-level page (or the preview) follows; a frame inside a page does not.
        const path = data.path;
        const target = new URL(siteBase + path, location.href);
        if (target.origin !== location.origin) return; // nowhere but this origin, whatever the server relays
        if ((window.top === window || state.previewed) && sitePath(path) !== norm(location.pathname))
          location.assign(target.href);
      },
      moved: function (to) {
        followMove(to, siteBase);
      },
      grant: function (data) {
        void grant.receive(data);
      },
      sync: function (data) {
        sync.receive(data);
      },
      snapshot: function (asked) {
        // Only this page heard `request`; the answer goes back with it.
        const post: SnapshotPost = {
          instance: servedInstance ?? '',
          request: asked.request,
          snapshot: takeSnapshot(asked),
        };
        fetch(new URL(route('snapshot'), hub).href, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(post),
        }).catch(function () {
          /* the server is gone */
        });
      },
      reload: function () {
        reloadKeepingScroll();
      },
      highlight: function (h) {
        if (!servedFile || sitePath(h.path) !== sitePath(servedFile)) return;
        state.highlights = (state.highlights || 0) + 1;
        if (!highlight(h.element)) state.unmatched = (state.unmatched || 0) + 1;
      },
    };
    listen(source, handlers);
    source.addEventListener('error', function () {
      state.connected = false;
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (an answer that was not an event stream): keep trying, gently.
        setTimeout(function () {
          grant.redeem().then(connect);
        }, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 10000);
      }
    });
  }
  connect();
})();
