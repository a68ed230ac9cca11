// The error overlay: a page's uncaught errors and unhandled rejections in a small badge in the
// bottom-left corner, on by default as in Vite or Next.js, and where no console is at hand (a
// phone). It never covers the page's own UI unasked: collapsed it is one line, its file:line
// always whole at any width; a tap shows the message's stack; × hides it until a new error, and
// this page remembers that across reloads (the same errors thrown again stay hidden). Positions
// are mapped to the original source by the server (protocol.ts ROUTES.locate). Its DOM lives in
// a shadow root, out of the page's styles.
import type { LocatedSource, LocatePost, RevealAtPost } from '../../core/live/protocol';
import { frameOf } from './console';
import type { EarlyItem, OverlayState } from './state';

type Position = RevealAtPost['at'];

interface ShownError {
  message: string;
  stack: string;
  where: string;
  at: Position | null;
}

const MAX_ERRORS = 20;
const HOST_ATTR = 'data-ferrox-errors';
/** Where this tab keeps the errors hidden with ×, per page. */
const DISMISSED_KEY = 'ferrox:errors-hidden:';

const STYLE = `
:host{all:initial;position:fixed;left:8px;bottom:8px;z-index:2147483646;max-width:calc(100vw - 16px);font:14px/1.4 system-ui,sans-serif}
.badge{display:flex;align-items:center;gap:6px;max-width:min(720px,calc(100vw - 16px));background:#b3261e;color:#fff;border-radius:10px;
  box-shadow:0 2px 10px rgba(0,0,0,.3);padding:0 0 0 12px;min-height:44px;box-sizing:border-box}
.summary{flex:1;min-width:0;display:flex;align-items:baseline;gap:8px;background:none;border:0;color:inherit;font:inherit;text-align:left;padding:10px 0;cursor:pointer}
.message{flex:1;min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.summary .where{flex:none;white-space:nowrap}
.where{opacity:.85;font-family:ui-monospace,monospace;font-size:12px}
.details button.where{background:none;border:0;padding:4px 0;color:#0b57d0;text-decoration:underline;cursor:pointer;min-height:32px}
.close{background:none;border:0;color:inherit;font:20px/1 system-ui;width:44px;height:44px;cursor:pointer}
.details{margin-top:6px;max-height:50vh;overflow:auto;background:#fff;color:#1d1b20;border-radius:10px;box-shadow:0 2px 10px rgba(0,0,0,.3);
  padding:10px 12px;max-width:min(560px,calc(100vw - 16px));box-sizing:border-box}
.details pre{margin:6px 0 12px;white-space:pre-wrap;word-break:break-word;font:12px/1.4 ui-monospace,monospace}
@media (prefers-color-scheme:dark){.details{background:#1d1b20;color:#e6e1e5}}`;

/**
 * Starts showing errors. `early` holds what the inline early script caught before this client
 * loaded; `locateUrl` is ROUTES.locate; `instance()` the server's id; `revealUrl` is ROUTES.reveal
 * when an editor listens (then an error's place opens its source there). Returns the state, for tests.
 */
export function showRuntimeErrors(
  early: EarlyItem[],
  locateUrl: string,
  instance: () => string | null,
  revealUrl: string | undefined,
): OverlayState {
  const errors: ShownError[] = [];
  const state: OverlayState = { shown: 0, errors };
  let host: HTMLDivElement | null = null;
  let expanded = false;
  const hidden = readHidden();

  function add(message: string, stack: unknown, source?: string, line?: number, column?: number): void {
    const e: ShownError = {
      message: String(message).slice(0, 2000),
      stack: String(stack || '').slice(0, 8000),
      where: '',
      at: null,
    };
    if (source && line) {
      e.at = { source, line, column: column || 1 };
      e.where = `${shortName(source)}:${line}${column ? `:${column}` : ''}`;
      locate(e, source, line, column || 1);
    }
    errors.push(e);
    if (errors.length > MAX_ERRORS) errors.shift();
    render();
  }

  /** What names an error for ×: its message and where the script threw it. */
  function key(e: ShownError): string {
    return `${e.message}@${e.at ? `${e.at.source}:${e.at.line}:${e.at.column}` : ''}`;
  }

  function dismiss() {
    for (const e of errors) hidden.add(key(e));
    try {
      sessionStorage.setItem(DISMISSED_KEY + location.pathname, JSON.stringify([...hidden].slice(-MAX_ERRORS * 2)));
    } catch {
      /* no storage: hidden until the next error on this load */
    }
    expanded = false;
    render();
  }

  function locate(e: ShownError, source: string, line: number, column: number): void {
    const post: LocatePost = { instance: instance() ?? '', source, line, column };
    fetch(locateUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(post),
    })
      .then((r) => (r.status === 200 ? (r.json() as Promise<LocatedSource>) : null))
      .then((found) => {
        if (!found) return;
        e.where = `${found.source}:${found.line}:${found.column}`;
        render();
      })
      .catch(() => {
        /* the server is gone: the script's own position stays */
      });
  }

  function reveal(url: string, at: Position): void {
    state.reveals = (state.reveals || 0) + 1;
    const post: RevealAtPost = { instance: instance() ?? '', page: location.pathname, at };
    fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(post),
    }).catch(() => {
      /* the server is gone */
    });
  }

  function onError(ev: ErrorEvent): void {
    if (!ev.error && !ev.message) return; // a resource failed to load: not a runtime error
    const err = ev.error;
    add(
      err instanceof Error ? `${err.name}: ${err.message}` : ev.message,
      err && err.stack,
      ev.filename,
      ev.lineno,
      ev.colno,
    );
  }

  function onRejection(ev: PromiseRejectionEvent): void {
    const r: unknown = ev.reason;
    const frame = r instanceof Error ? frameOf(r.stack, 0) : {};
    add(
      `Unhandled rejection: ${r instanceof Error ? `${r.name}: ${r.message}` : String(r)}`,
      r instanceof Error ? r.stack : undefined,
      frame.source,
      frame.line,
      frame.column,
    );
  }

  function render(): void {
    if (errors.every((e) => hidden.has(key(e)))) {
      if (host) host.remove();
      return;
    }
    if (!host) {
      host = document.createElement('div');
      host.setAttribute(HOST_ATTR, '');
      host.attachShadow({ mode: 'open' });
    }
    const last = errors[errors.length - 1];
    const root = host.shadowRoot!;
    root.innerHTML = '';
    const style = document.createElement('style');
    style.textContent = STYLE;
    const badge = el('div', 'badge');
    badge.setAttribute('role', 'alert');
    const summary = el('button', 'summary');
    summary.setAttribute('aria-expanded', String(expanded));
    summary.append(el('span', 'message', `${errors.length > 1 ? `${errors.length} errors · ` : ''}${last.message}`));
    // The place is never cut off: its file's name and line, whole; the full path in its title.
    if (last.where) {
      const where = el('span', 'where', shortWhere(last.where));
      where.title = last.where;
      summary.append(where);
    }
    summary.onclick = () => {
      expanded = !expanded;
      render();
    };
    const close = el('button', 'close', '×');
    close.setAttribute('aria-label', 'Hide the errors');
    close.onclick = dismiss;
    badge.append(summary, close);
    root.append(style, badge);
    if (expanded) {
      const details = el('div', 'details');
      for (const e of errors.slice().reverse()) {
        const at = e.at;
        const where = el(revealUrl && at ? 'button' : 'div', 'where', e.where);
        if (revealUrl && at) {
          where.title = 'Open it in the editor';
          where.onclick = () => reveal(revealUrl, at);
        }
        details.append(el('strong', '', e.message), where, el('pre', '', e.stack));
      }
      root.append(details);
    }
    if (!host.isConnected) document.documentElement.appendChild(host);
    state.shown++;
  }

  early.forEach((item) => {
    if (item.error) onError(item.error);
    else if (item.rejection) onRejection(item.rejection);
  });
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return state;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The errors this tab hid on this page with ×. */
function readHidden(): Set<string> {
  try {
    return new Set<string>(JSON.parse(sessionStorage.getItem(DISMISSED_KEY + location.pathname) || '[]'));
  } catch {
    return new Set();
  }
}

/** `../src/app.ts:3:9` as `app.ts:3:9`: what fits a phone's badge. */
function shortWhere(where: string): string {
  const cut = where.search(/[^/\\]*$/);
  return where.slice(cut);
}

/** The file name a person recognises: the last path segment of a script's URL. */
function shortName(url: string): string {
  try {
    const path = new URL(url, location.href).pathname;
    return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || path;
  } catch {
    return url;
  }
}
