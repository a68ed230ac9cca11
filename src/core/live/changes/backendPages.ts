import { randomBytes } from 'node:crypto';
import { escapeHtml, renderPage } from '../../http';
import { decidePageUpdate, fixedParts } from './pageRule';
import type { BackendPageUpdate } from '../protocol';

/** A backend's answer to a page fetched again, read whole by the proxy. */
export interface BackendAnswer {
  status: number;
  contentType: string;
  /** Where a redirect points. */
  location?: string;
  /** The body as text; absent with `problem`. */
  text?: string;
  /** Why there is no body to show: unreachable, too large, never ending, cut off. */
  problem?: string;
}

interface Known {
  /** The URL the page was rendered for (token removed): a token is good for that page alone. */
  url: string;
  status: number;
  text: string;
  /** The page's fixed parts (pageRule), computed on first need. */
  parts?: string[];
}

/** Pages and characters remembered at most; the least recently used page is forgotten first. */
const MAX_PAGES = 256;
const MAX_CHARS = 16 * 1024 * 1024;
/** Lines of the backend's output sent with an error. */
const LOG_LINES = 30;

const ERROR_STYLE =
  'pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--row);padding:.75rem 1rem;overflow:auto;white-space:pre-wrap;word-break:break-word}';

/**
 * What each page a backend rendered was built from, by an unguessable token the page carries in
 * its tag, and the decision when the page fetches itself again after a change: a morph from the
 * old text to the new under the same rule as a folder's pages (pageRule.ts), a reload, or the
 * backend's error shown over the page until it is fixed. The token is the page's capability:
 * whoever holds it can read the text it names, so it is random and good for one URL.
 */
export class BackendPages {
  private readonly known = new Map<string, Known>();
  private chars = 0;
  /** The file of the last change backends render from, as a URL path: what a page's note names. */
  lastEdit: string | undefined;

  /** A new token, for one answer's tag. */
  newToken(): string {
    return randomBytes(16).toString('base64url');
  }

  /** Remembers what the page with `token` was rendered as (undefined: too large, or cut off). */
  keep(token: string, url: string, status: number, text: string | undefined): void {
    if (text !== undefined) this.remember(token, { url, status, text });
  }

  /**
   * How the page holding `token`, fetched again at `url`, reaches the browser. `log` is what the
   * backend wrote while it rendered it, sent with an error (PHP writes its parse errors there,
   * not in the page).
   */
  decide(token: string, url: string, answer: BackendAnswer, log: readonly string[] = []): BackendPageUpdate {
    const known = this.known.get(token);
    if (!known) return { kind: 'reload', reason: 'this page is not remembered (too large, or forgotten)' };
    if (known.url !== url) return { kind: 'reload', reason: 'the page is at another URL now' };
    if (answer.location !== undefined) return { kind: 'reload', reason: `the page now redirects (${answer.status})` };
    const html = /^\s*text\/html\b/i.test(answer.contentType);
    if (answer.problem !== undefined || answer.text === undefined)
      return this.error(answer, answer.problem ?? 'no answer', log);
    const failing = answer.status >= 400 && known.status < 400;
    if (failing && (!html || answer.text.trim() === ''))
      return this.error(answer, `it answered ${answer.status} with ${html ? 'an empty page' : 'no HTML'}`, log);
    if (failing) return { kind: 'error', status: answer.status, html: answer.text, log: log.slice(-LOG_LINES) };
    if (!html) return { kind: 'reload', reason: 'the answer is not HTML any more' };
    if (answer.text === known.text) return { kind: 'unchanged' };
    known.parts ??= fixedParts(known.text);
    const { update, parts } = decidePageUpdate(known.text, answer.text, known.parts);
    // An emptied page is most likely a template caught half-written: shown as an error until it is whole.
    if (update.kind === 'wait') return this.error(answer, 'it answered an empty page', log);
    if (update.kind === 'reload') return update;
    const next = this.newToken();
    this.forget(token);
    this.remember(next, { url, status: answer.status, text: answer.text, parts });
    return { kind: 'morph', old: known.text, html: answer.text, page: next };
  }

  clear(): void {
    this.known.clear();
    this.chars = 0;
  }

  private error(answer: BackendAnswer, what: string, log: readonly string[]): BackendPageUpdate {
    const body = (answer.text ?? '').trim();
    const html = renderPage(
      "The backend's answer",
      `<h1>The backend's answer cannot be shown</h1>\n<p>${escapeHtml(what)}.</p>\n` +
        (body !== '' ? `<p>It said:</p>\n<pre>${escapeHtml(body.slice(0, 64 * 1024))}</pre>\n` : '') +
        '<p>The page comes back by itself once the backend answers it again.</p>',
      ERROR_STYLE,
    );
    return { kind: 'error', status: answer.status, html, log: log.slice(-LOG_LINES) };
  }

  private remember(token: string, known: Known): void {
    this.known.set(token, known);
    this.chars += known.text.length;
    while (this.known.size > MAX_PAGES || (this.chars > MAX_CHARS && this.known.size > 1)) {
      this.forget(this.known.keys().next().value as string);
    }
  }

  private forget(token: string): void {
    const known = this.known.get(token);
    if (!known) return;
    this.chars -= known.text.length;
    this.known.delete(token);
  }
}
