// Ferrox live reload, injected into served HTML pages; esbuild bundles it into
// dist/ferrox-live.js. It listens to the server's change events and applies each batch the
// cheapest correct way: the page's own HTML is updated in place by a three-way merge
// (merge.js) when the server says that is safe and the merge can equal a reload, stylesheets are swapped in place, a change to anything else this page uses reloads it,
// and changes to files the page does not use are ignored. A page a backend rendered fetches
// itself again and morphs (backendPage.js). After a server restart it reconnects and reloads,
// at most once per restart.
import { backendPage } from './backendPage.js';
import { createGrant } from './grant.js';
import { forwardConsole, takeEarly } from './console.js';
import { hideOverlay, highlight, revealOnAltClick } from './inspect.js';
import { mergePage } from './merge.js';
import { followMove } from './moved.js';
import { reloadKeepingScroll, restoreScroll } from './keepScroll.js';
import { showRuntimeErrors } from './overlay.js';
import { createSync } from './sync.js';

(function () {
  'use strict';
  if (window.__ferroxLive) return;
  var me = document.currentScript;
  var servedInstance = me && me.getAttribute('data-instance');
  var servedFile = me && me.getAttribute('data-file');
  // The version of the source this page was built from; morphs apply only on top of it.
  var version = me && me.getAttribute('data-version');
  var state = (window.__ferroxLive = { connected: false, events: 0, swaps: 0, morphs: 0 });
  // A page a backend rendered: it fetches itself again after a change (no token: a POST's answer).
  var backend =
    me && me.getAttribute('data-follow') === 'backend' ? backendPage(me.getAttribute('data-page'), state) : null;
  // The script is linked relative to the page, so behind a path-prefix proxy (code-server's
  // /proxy/<port>/) its own URL tells where the site's root is.
  var hub = me ? new URL('.', me.src) : new URL('/__ferrox/', location.href);
  var siteBase = new URL('..', hub).pathname.replace(/\/$/, '');
  var consoleMode = me && me.getAttribute('data-console');
  var reveal = me && me.getAttribute('data-reveal');
  var previewKey = me && me.getAttribute('data-preview');
  var overlay = me && me.getAttribute('data-overlay') === 'on';
  var syncOn = me && me.getAttribute('data-sync') === 'on';
  // Out of the page at once: the DOM then lines up with the page's source, node for node.
  if (me && me.parentNode) me.parentNode.removeChild(me);
  restoreScroll();
  var early = takeEarly();
  if (consoleMode === 'errors' || consoleMode === 'all') {
    forwardConsole(
      new URL('console', hub).href,
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
      new URL('locate', hub).href,
      function () {
        return servedInstance;
      },
      reveal === 'alt-click' ? new URL('reveal', hub).href : undefined,
    );
  }
  var sync = createSync(
    new URL('sync', hub).href,
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
    revealOnAltClick(function (element) {
      state.reveals = (state.reveals || 0) + 1;
      fetch(new URL('reveal', hub).href, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ instance: servedInstance, page: servedFile, element: element }),
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

  function norm(p) {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  }

  /** A root-relative path from the server, as this page's URLs spell it. */
  function sitePath(p) {
    return norm(siteBase + p);
  }

  function pathOf(url) {
    try {
      var u = new URL(url, location.href);
      return u.origin === location.origin ? norm(u.pathname) : null;
    } catch {
      return null;
    }
  }

  /** Every same-origin path this page loaded or references. */
  function usedPaths() {
    var used = {};
    var page = norm(location.pathname);
    used[page] = true;
    if (page.charAt(page.length - 1) === '/') used[page + 'index.html'] = true;
    if (servedFile) used[sitePath(servedFile)] = true;
    performance.getEntriesByType('resource').forEach(function (e) {
      var p = pathOf(e.name);
      if (p) used[p] = true;
    });
    // A backend's page is not a file: its own URL changing (index.php) is a change to fetch, not to reload for.
    if (backend) {
      delete used[page];
      delete used[page + 'index.html'];
    }
    var refs = document.querySelectorAll('[src],link[href],object[data]');
    for (var i = 0; i < refs.length; i++) {
      var el = refs[i];
      var p = pathOf(el.getAttribute('src') || el.getAttribute('href') || el.getAttribute('data') || '');
      if (p) used[p] = true;
    }
    return used;
  }

  function stylesheetLinks() {
    return Array.prototype.filter.call(document.querySelectorAll('link[rel~="stylesheet"][href]'), function (l) {
      return pathOf(l.href) !== null;
    });
  }

  /** Loads a fresh copy beside the old link and removes the old one once it applies: no flash. */
  function swap(link) {
    var url = new URL(link.href);
    url.searchParams.set('ferrox', String(Date.now()));
    var fresh = link.cloneNode(false);
    fresh.href = url.href;
    var done = false;
    var finish = function () {
      if (done) return;
      done = true;
      if (link.parentNode) link.parentNode.removeChild(link);
      state.swaps++;
    };
    fresh.addEventListener('load', finish);
    fresh.addEventListener('error', finish);
    link.parentNode.insertBefore(fresh, link.nextSibling);
    setTimeout(finish, 3000);
  }

  function apply(batch) {
    state.events++;
    var used = usedPaths();
    var own = servedFile ? sitePath(servedFile) : null;
    var mine = null;
    var reload = (batch.other || []).some(function (p) {
      return used[sitePath(p)];
    });
    (batch.pages || []).forEach(function (p) {
      if (sitePath(p.path) === own) mine = p;
      else if (used[sitePath(p.path)]) reload = true; // another page inside this one: an iframe, a fragment
    });
    if (!reload && mine && mine.to !== version) reload = !morph(mine);
    if (reload) {
      if (backend && !backend.canReload) backend.sourceChanged();
      else reloadKeepingScroll();
      return;
    }
    var links = stylesheetLinks();
    var rebustAll = false;
    var swapped = false;
    (batch.css || []).forEach(function (p) {
      var path = sitePath(p);
      var direct = links.filter(function (l) {
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
    } else if (!swapped && !mine && !batch.backend) {
      state.unused = (state.unused || 0) + 1; // nothing in the batch concerns this page
    }
    if (backend && batch.backend) backend.refresh(batch.backend);
  }

  /** Morphs this page to a new version of its source; false when it cannot (then it reloads). */
  function morph(update) {
    if (update.from !== version) return false;
    var restoreOverlay = hideOverlay();
    try {
      mergePage(update.old, update.html);
    } catch (err) {
      // A merge that could differ from a reload changed nothing: the page reloads.
      state.reloadReason = err && err.message;
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
    var previewOrigin = null;
    var report = function () {
      if (previewOrigin) window.parent.postMessage({ ferrox: 'location', href: location.href }, previewOrigin);
    };
    window.addEventListener('message', function (e) {
      if (e.source !== window.parent || !e.data) return;
      if (e.data.ferrox === 'preview' && e.data.key === previewKey) {
        // An opaque origin cannot be named as a target; the message still goes to that parent alone.
        previewOrigin = e.origin === 'null' ? '*' : e.origin;
        state.previewed = true;
        sync.admit();
        report();
      } else if (e.data.ferrox === 'nav' && previewOrigin && (previewOrigin === '*' || e.origin === previewOrigin)) {
        if (e.data.action === 'back') history.back();
        else if (e.data.action === 'forward') history.forward();
        else if (e.data.action === 'reload') reloadKeepingScroll();
      }
    });
    window.addEventListener('popstate', report);
    window.addEventListener('hashchange', report);
    // Says only that a page waits for its key.
    window.parent.postMessage({ ferrox: 'ready' }, '*');
  }

  /** True the first time this tab reloads for `instance`; never twice for the same one. */
  function firstReloadFor(instance) {
    var key = 'ferrox:reloaded-for';
    try {
      if (sessionStorage.getItem(key) === instance) return false;
      sessionStorage.setItem(key, instance);
      return true;
    } catch {
      // No storage (a sandboxed frame): a page that is itself a reload does not reload again.
      var nav = performance.getEntriesByType('navigation')[0];
      return !nav || nav.type !== 'reload';
    }
  }

  /** The stream's URL, with what the page says of itself for "who is watching" (protocol.ts EVENTS_QUERY). */
  function eventsUrl() {
    var url = new URL('events', hub);
    var p = location.pathname;
    url.searchParams.set('page', siteBase && p.indexOf(siteBase + '/') === 0 ? p.slice(siteBase.length) : p);
    // The visual viewport at its scale: a phone showing a page laid out at 980 px still says 390.
    var vv = window.visualViewport;
    var w = vv ? vv.width * vv.scale : innerWidth;
    var h = vv ? vv.height * vv.scale : innerHeight;
    url.searchParams.set('viewport', Math.round(w) + 'x' + Math.round(h));
    if (window.top !== window) url.searchParams.set('framed', '1');
    if (servedInstance) url.searchParams.set('instance', servedInstance);
    return url.href;
  }

  var retryDelay = 500;
  var grant = createGrant(new URL('grant', hub).href);
  function connect() {
    var source = new EventSource(eventsUrl());
    source.addEventListener('hello', function (e) {
      var hello = JSON.parse(e.data);
      var instance = hello.instance;
      sync.enable(hello.sync === true);
      state.connected = true;
      retryDelay = 500;
      // A different instance means the server restarted: files may have changed meanwhile, so
      // the page reloads, once. Should the reload bring back a copy from the old instance (a
      // cache that kept it), the page stays and takes the new server's changes from now on.
      var restarted = servedInstance && instance !== servedInstance;
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
    });
    source.addEventListener('change', function (e) {
      apply(JSON.parse(e.data));
    });
    source.addEventListener('navigate', function (e) {
      // The editor moved to another page: a top-level page (or the preview) follows; a frame inside a page does not.
      var path = JSON.parse(e.data).path;
      if ((window.top === window || state.previewed) && sitePath(path) !== norm(location.pathname))
        location.assign(siteBase + path);
    });
    source.addEventListener('moved', function (e) {
      followMove(JSON.parse(e.data), siteBase);
    });
    source.addEventListener('grant', function (e) {
      grant.receive(JSON.parse(e.data));
    });
    source.addEventListener('sync', function (e) {
      sync.receive(JSON.parse(e.data));
    });
    source.addEventListener('highlight', function (e) {
      var h = JSON.parse(e.data);
      if (!servedFile || sitePath(h.path) !== sitePath(servedFile)) return;
      state.highlights = (state.highlights || 0) + 1;
      if (!highlight(h.element)) state.unmatched = (state.unmatched || 0) + 1;
    });
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
