import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJsonBody, sendError, writeHead } from '../../http';
import type { LiveHub } from '../liveHub';
import { isElementPath, type ElementPath } from './sourceMap';

/**
 * An Alt+click in a page: the element the user pointed at, in the page at `page` (a URL path); or
 * a click on an error's place in the overlay: a position in a script the page loaded.
 */
export type RevealRequest =
  { page: string; element: ElementPath } | { page: string; at: { source: string; line: number; column: number } };

const REVEAL_BODY_LIMIT = 16 * 1024;

/**
 * Page <-> source. Code -> page: the host names an element of a page and every browser showing
 * that page outlines it. Page -> code: an Alt+click in a page is posted here and handed to the
 * host, which opens the source at the element. The pages and the host share only element
 * paths (sourceMap.ts); neither side trusts a path it cannot resolve.
 */
export class PageLinks {
  constructor(
    private readonly hub: LiveHub,
    private readonly instanceId: string,
    private onReveal: ((request: RevealRequest) => void) | undefined,
  ) {}

  /** Whether pages are told to send Alt+clicks (only when someone listens). */
  get revealing(): boolean {
    return this.onReveal !== undefined;
  }

  setRevealHandler(handler: ((request: RevealRequest) => void) | undefined): void {
    this.onReveal = handler;
  }

  /** Outlines `element` in every browser showing the page at `page`; undefined clears it. */
  highlight(page: string, element: ElementPath | undefined): void {
    this.hub.send('highlight', { path: page, element: element ?? null });
  }

  async handleReveal(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reveal = this.onReveal;
    if (!reveal) return sendError(res, 404, 'Not found.', req.method === 'HEAD');
    if (req.method !== 'POST')
      return sendError(res, 405, 'Elements are revealed with POST.', req.method === 'HEAD', { Allow: 'POST' });
    const body = await readJsonBody(req, res, REVEAL_BODY_LIMIT);
    if (body === undefined) return;
    const { instance, page, element, at } = (typeof body === 'object' && body !== null ? body : {}) as Record<
      string,
      unknown
    >;
    const position = isPosition(at) ? at : undefined;
    if (
      typeof page !== 'string' ||
      !page.startsWith('/') ||
      page.length > 2048 ||
      (!isElementPath(element) && !position)
    ) {
      return sendError(res, 400, 'A reveal request names a page and an element path or a script position.', false);
    }
    if (instance !== this.instanceId)
      return sendError(res, 403, 'The request does not come from a page of this server.', false);
    reveal(position ? { page, at: position } : { page, element: element as ElementPath });
    writeHead(res, 204, { 'Cache-Control': 'no-store' });
    res.end();
  }
}

function isPosition(at: unknown): at is { source: string; line: number; column: number } {
  const o = at as Record<string, unknown> | undefined;
  return (
    typeof o === 'object' &&
    o !== null &&
    Object.keys(o).sort().join() === 'column,line,source' &&
    typeof o.source === 'string' &&
    o.source.length <= 2048 &&
    [o.line, o.column].every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 10_000_000)
  );
}
