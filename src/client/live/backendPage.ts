// A page a backend rendered (PHP, Flask, Django, Express views). After a change it fetches its
// own URL again (GET, its own cookies, no live tag), naming the text it was rendered as by its
// token; Ferrox answers with what to do (protocol.ts, BackendPageUpdate): morph from the old
// text to the new (typed input, focus, scroll and JS state stay), reload (a script changed),
// or show the backend's error over the page until it answers again. A backend may still answer
// from a cache for a moment after an edit: an answer that is unchanged once a burst is over is
// asked for again, with back-off, for about 2.5 s; on the last look Ferrox names what most likely
// caches the page, in a small note, once. The answer to a POST is never fetched again nor
// reloaded (that would send the form again): it only says that its source changed.
import {
  LIVE_OFF_HEADER,
  PAGE_AGAIN_HEADER,
  PAGE_HEADER,
  type BackendPageUpdate,
  type ServerEvents,
} from '../../core/live/protocol';
import { reloadKeepingScroll } from './keepScroll';
import { hideOverlay } from './inspect';
import { mergePage } from './merge';
import type { LiveState } from './state';

/** When a page fetches itself again: early in a burst, at its end, or looking again at an unchanged answer. */
type Phase = NonNullable<ServerEvents['change']['backend']> | 'again';

export interface BackendPage {
  refresh(phase: Phase): void;
  sourceChanged(): void;
  /** False for a POST's answer, which a reload would send again. */
  canReload: boolean;
}

/** The waits before each look again at an unchanged page: about 2.5 s in all (PHP's OPcache waits 2 s by default). */
const AGAIN_MS = [250, 500, 750, 1000];

/** `token`: the page's token (null on a POST's answer, "" when pages reload instead of morphing). */
export function backendPage(token: string | null, state: LiveState): BackendPage {
  const renderedAt = withoutHash(location.href);
  let busy = false;
  let queued: Phase | null = null;
  let errorHost: HTMLElement | null = null;
  let noteHost: HTMLElement | null = null;
  let again = 0;
  let againTimer: ReturnType<typeof setTimeout> | undefined;
  let noted = false;

  /**
   * Fetches the page again. "try" (early in a burst) applies only what keeps the page (a morph,
   * nothing changed); "final" (the burst is over) applies whatever the answer says. One fetch at
   * a time: a change meanwhile fetches once more after it.
   */
  function refresh(phase: Phase): void {
    // A new change: looking again for the last one is moot.
    if (phase !== 'again') {
      clearTimeout(againTimer);
      again = 0;
    }
    if (token === null) {
      if (phase === 'final') sourceChanged();
      return;
    }
    // In-place updates are off: the page reloads once the burst is over.
    if (token === '') {
      if (phase === 'final') reloadKeepingScroll();
      return;
    }
    if (busy) {
      queued = queued === 'final' || phase !== 'try' ? 'final' : 'try';
      return;
    }
    // The page moved itself (history.pushState): only a reload knows what that URL renders.
    if (withoutHash(location.href) !== renderedAt) {
      if (phase === 'final') reloadKeepingScroll();
      return;
    }
    busy = true;
    state.refetches = (state.refetches || 0) + 1;
    const headers: Record<string, string> = { [LIVE_OFF_HEADER]: 'off', [PAGE_HEADER]: token };
    if (phase === 'again' && again === AGAIN_MS.length) headers[PAGE_AGAIN_HEADER] = 'last';
    fetch(location.href, { headers: headers, credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) {
        return r.json() as Promise<BackendPageUpdate>;
      })
      .then(
        function (update) {
          apply(update, phase);
        },
        function () {
          if (phase === 'final') reloadKeepingScroll();
        },
      )
      .then(function () {
        busy = false;
        if (queued) {
          const next: Phase = queued;
          queued = null;
          refresh(next);
        }
      });
  }

  function apply(update: BackendPageUpdate | null, given: Phase): void {
    if (!update) return void (given !== 'try' && reloadKeepingScroll());
    const phase = given === 'again' ? 'final' : given;
    if (update.kind === 'morph') {
      hideError();
      const restoreOverlay = hideOverlay();
      try {
        mergePage(update.old, update.html);
      } catch (err) {
        state.reloadReason = err instanceof Error ? err.message : String(err);
        reloadKeepingScroll();
        return;
      } finally {
        restoreOverlay();
      }
      token = update.page;
      state.morphs++;
    } else if (update.kind === 'unchanged') {
      hideError();
      if (update.note) {
        if (!noted) showNote(update.note);
        noted = true;
      } else if (phase === 'final' && again < AGAIN_MS.length) {
        // A cache may still hold the old page for a moment: look again before deciding nothing changed.
        againTimer = setTimeout(function () {
          again++;
          state.agains = (state.agains || 0) + 1;
          refresh('again');
        }, AGAIN_MS[again]);
      }
    } else if (phase !== 'final') {
      // Early in a burst a file may be half-written: the burst's end decides.
    } else if (update.kind === 'error') {
      showError(update.status, update.html, update.log || []);
    } else {
      reloadKeepingScroll();
    }
  }

  /** The backend's answer over the page, with what it wrote while rendering it (PHP's parse errors go there). */
  function showError(status: number, html: string, log: string[]): void {
    state.error = status;
    if (!errorHost) {
      errorHost = shadowHost(
        'ferrox-backend-error',
        '<style>:host{all:initial;position:fixed;inset:0;z-index:2147483647;display:flex;flex-direction:column;' +
          'background:#fff}div{font:13px/1.4 system-ui,sans-serif;padding:6px 10px;background:#b42318;color:#fff}' +
          'pre{margin:0;max-height:40%;overflow:auto;padding:8px 10px;font:12px/1.4 ui-monospace,monospace;background:#1f2328;color:#f0f0f0;' +
          'white-space:pre-wrap}pre:empty{display:none}iframe{flex:1;border:0;width:100%;background:#fff}</style>' +
          '<div role="alert"></div><pre></pre><iframe sandbox title="The backend\'s answer"></iframe>',
      );
    }
    const root = errorHost.shadowRoot!;
    root.querySelector('div')!.textContent =
      'The backend answered ' +
      status +
      ' (Ferrox shows its answer below). The page comes back here once it answers again.';
    root.querySelector('pre')!.textContent = log.join('\n');
    // Sandboxed: the error page's scripts never run, and it cannot reach this page.
    root.querySelector('iframe')!.srcdoc = html;
    if (!errorHost.isConnected) document.documentElement.appendChild(errorHost);
  }

  function hideError(): void {
    state.error = null;
    if (errorHost && errorHost.parentNode) errorHost.parentNode.removeChild(errorHost);
  }

  /** An element of Ferrox's own over the page: its shadow root keeps the page's CSS out. */
  function shadowHost(tag: string, html: string): HTMLElement {
    const host = document.createElement(tag);
    host.attachShadow({ mode: 'open' }).innerHTML = html;
    return host;
  }

  /** The POST's answer: a note, once, that the user may dismiss. */
  function sourceChanged(): void {
    state.notes = (state.notes || 0) + 1;
    showNote(
      'The source changed. This page answered a form, so Ferrox does not send it again: reload it yourself to see the change.',
    );
  }

  /** A small note in a corner, one at a time, that the user may dismiss. */
  function showNote(text: string): void {
    state.note = text;
    if (noteHost) return;
    const host = (noteHost = shadowHost(
      'ferrox-note',
      '<style>:host{all:initial;position:fixed;right:12px;bottom:12px;z-index:2147483647;max-width:22rem;' +
        'font:13px/1.4 system-ui,sans-serif;background:#1f2328;color:#fff;padding:8px 32px 8px 12px;border-radius:6px;' +
        'box-shadow:0 2px 8px rgba(0,0,0,.3)}button{all:unset;position:absolute;top:4px;right:8px;cursor:pointer;font-size:16px}</style>' +
        '<span role="status"></span><button aria-label="Dismiss">\u00d7</button>',
    ));
    host.shadowRoot!.querySelector('span')!.textContent = text;
    host.shadowRoot!.querySelector('button')!.addEventListener('click', function () {
      if (host.parentNode) host.parentNode.removeChild(host);
    });
    document.documentElement.appendChild(host);
  }

  return { refresh: refresh, sourceChanged: sourceChanged, canReload: token !== null };
}

function withoutHash(href: string): string {
  const i = href.indexOf('#');
  return i < 0 ? href : href.slice(0, i);
}
