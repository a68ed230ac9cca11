import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJsonBody, sendError, sendBody, writeHead } from '../../http';
import type { LocatePost, LocatedSource } from '../protocol';

const LOCATE_BODY_LIMIT = 4096;

/** Finds where a position in a served script came from (the server's source maps); undefined: nothing known. */
export type Locator = (source: string, line: number, column: number) => Promise<LocatedSource | undefined>;

/**
 * ROUTES.locate: a page's error overlay asks where a script position came from, and gets the
 * original source's name (as the served map names it) and position, or 204. A JSON POST from
 * another site needs a preflight this route never grants, and the body must name this server's
 * instance, which only its own pages carry.
 */
export async function handleLocate(
  req: IncomingMessage,
  res: ServerResponse,
  instanceId: string,
  locate: Locator | undefined,
): Promise<void> {
  if (!locate) return sendError(res, 404, 'Not found.', req.method === 'HEAD');
  if (req.method !== 'POST')
    return sendError(res, 405, 'Positions are located with POST.', req.method === 'HEAD', { Allow: 'POST' });
  const body = await readJsonBody(req, res, LOCATE_BODY_LIMIT);
  if (body === undefined) return;
  const { instance, source, line, column } = (typeof body === 'object' && body !== null ? body : {}) as Partial<
    Record<keyof LocatePost, unknown>
  >;
  if (typeof source !== 'string' || source.length > 2048 || !isPosition(line) || !isPosition(column)) {
    return sendError(res, 400, 'A locate request names a source URL, a line and a column.', false);
  }
  if (instance !== instanceId)
    return sendError(res, 403, 'The request does not come from a page of this server.', false);
  const found = await locate(source, line, column).catch(() => undefined);
  if (!found) {
    writeHead(res, 204, { 'Cache-Control': 'no-store' });
    return void res.end();
  }
  sendBody(
    res,
    200,
    { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
    Buffer.from(JSON.stringify(found)),
    false,
  );
}

function isPosition(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 10_000_000;
}
