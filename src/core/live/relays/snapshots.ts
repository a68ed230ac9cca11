import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJsonBody, sendError, writeHead } from '../../http';
import type { LiveHub } from '../liveHub';
import type { PageSnapshot, SnapshotQuery } from '../protocol';

/** A page's snapshot is bounded by the page (protocol.ts); this is the most the server reads of one. */
export const SNAPSHOT_BODY_LIMIT = 1024 * 1024;
/** How long a page has to answer: a phone's browser in the background, or asleep, runs no script. */
export const SNAPSHOT_WAIT_MS = 5000;
const MAX_SELECTOR = 1000;
const MAX_STYLES = 40;

/** A snapshot, or why there is none: said in a sentence a person (or an agent) can act on. */
export type SnapshotAnswer = { snapshot: PageSnapshot } | { error: string };

interface Pending {
  page: string;
  resolve(answer: SnapshotAnswer): void;
  timer: NodeJS.Timeout;
}

/**
 * Snapshots of open pages (what an agent's tool asks for): the request goes to one page load
 * alone, over its event stream, with a code only that page heard; its answer comes back on
 * ROUTES.snapshot with that code. Every question ends: with the answer, when the page goes
 * (closed, navigated, its device gone), or after SNAPSHOT_WAIT_MS. Nothing runs in the page but
 * the client's own fixed routine.
 */
export class PageSnapshots {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly hub: LiveHub) {}

  /** Asks the page load `pageId` for a snapshot. */
  ask(pageId: string, query: SnapshotQuery, waitMs = SNAPSHOT_WAIT_MS): Promise<SnapshotAnswer> {
    const selector = query.selector;
    if (selector !== undefined && (typeof selector !== 'string' || selector.trim() === ''))
      return Promise.resolve({
        error: 'selector must be a CSS selector, such as "form" or "#signup input[type=email]".',
      });
    if (selector !== undefined && selector.length > MAX_SELECTOR)
      return Promise.resolve({ error: `The selector is longer than ${MAX_SELECTOR} characters.` });
    const styles = query.styles;
    if (styles !== undefined && (!Array.isArray(styles) || styles.some((s) => typeof s !== 'string')))
      return Promise.resolve({ error: 'styles must be a list of CSS property names, such as ["display", "color"].' });
    const request = randomUUID();
    return new Promise((resolve) => {
      const timer = setTimeout(
        () =>
          this.settle(request, {
            error:
              `The page did not answer within ${waitMs / 1000} s. A browser in the background (a phone ` +
              'with its screen off, a hidden tab) may run no script until it is shown again.',
          }),
        waitMs,
      );
      timer.unref();
      this.pending.set(request, { page: pageId, resolve, timer });
      const asked: SnapshotQuery = {
        ...(selector !== undefined ? { selector } : {}),
        ...(styles !== undefined ? { styles: styles.slice(0, MAX_STYLES) } : {}),
      };
      if (!this.hub.sendTo(pageId, 'snapshot', { request, ...asked }))
        this.settle(request, { error: 'That page is no longer open.' });
    });
  }

  /** A page's stream closed: whatever it was asked ends now. */
  gone(pageId: string): void {
    for (const [request, p] of this.pending)
      if (p.page === pageId)
        this.settle(request, { error: 'The page went away (closed, reloaded or navigated) before it answered.' });
  }

  /** ROUTES.snapshot: a page's answer. Only the code the page was sent lets it in. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJsonBody(req, res, SNAPSHOT_BODY_LIMIT);
    if (body === undefined) return;
    const { instance, request, snapshot } = (typeof body === 'object' && body !== null ? body : {}) as Record<
      string,
      unknown
    >;
    if (instance !== this.hub.instanceId)
      return sendError(res, 403, 'The snapshot does not come from a page of this server.', false);
    if (typeof request !== 'string' || !this.pending.has(request))
      return sendError(res, 404, 'No snapshot was asked for with that code (or the question timed out).', false);
    if (!isSnapshot(snapshot)) return sendError(res, 400, 'A snapshot has the fields protocol.ts names.', false);
    this.settle(request, { snapshot });
    writeHead(res, 204, { 'Cache-Control': 'no-store' });
    res.end();
  }

  close(): void {
    for (const request of [...this.pending.keys()]) this.settle(request, { error: 'The server stopped.' });
  }

  private settle(request: string, answer: SnapshotAnswer): void {
    const p = this.pending.get(request);
    if (!p) return;
    this.pending.delete(request);
    clearTimeout(p.timer);
    p.resolve(answer);
  }
}

/** The shape the client sends; a page of this server could still send anything, so it is checked whole. */
function isSnapshot(s: unknown): s is PageSnapshot {
  if (typeof s !== 'object' || s === null) return false;
  const v = s as Record<string, unknown>;
  return (
    typeof v.url === 'string' &&
    typeof v.title === 'string' &&
    typeof v.text === 'string' &&
    typeof v.elements === 'number' &&
    isSize(v.viewport, 'width', 'height') &&
    isSize(v.scroll, 'x', 'y') &&
    Array.isArray(v.headings) &&
    Array.isArray(v.landmarks) &&
    Array.isArray(v.forms) &&
    Array.isArray(v.omitted) &&
    v.omitted.every((o) => typeof o === 'string') &&
    (v.element === undefined || (typeof v.element === 'object' && v.element !== null))
  );
}

function isSize(v: unknown, a: string, b: string): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r[a] === 'number' && typeof r[b] === 'number';
}
