import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { fileHeaders, worthCompressing, type CachedFile } from '../files';
import { hostOf, negotiateEncoding, preparedErrorPage, recordBytes, weaken, withBaseHeaders, type Encoding } from '../http';
import type { HandlerConfig } from './handler';

/** The request flow that answers everything; the hot path hands it whatever it cannot answer. */
export type FullPath = (cfg: HandlerConfig, req: IncomingMessage, res: ServerResponse) => void;

/**
 * The hot path: a repeat GET or HEAD whose exact target the full path has already parsed,
 * contained and found to be a cached file, asked with no header that changes the answer, is
 * answered from headers prepared once per file version and configuration — no parsing, no
 * lookup, no promise. Returns false, having done nothing, when the full path must answer.
 *
 * Freshness is the full path's: the answer is written from the event loop's check phase, after
 * the watch events that arrived with the request, and the entry is looked up again then.
 */
export function tryHotPath(cfg: HandlerConfig, req: IncomingMessage, res: ServerResponse, full: FullPath): boolean {
  const method = req.method;
  if ((method !== 'GET' && method !== 'HEAD') || !cfg.routes || !cfg.cache || (cfg.access && !cfg.access.allows(req))) return false;
  const realPath = cfg.routes.hot(req.url ?? '');
  if (realPath === undefined) return tryMissing(cfg, req, res, full);
  const h = req.headers;
  if (changesTheAnswer(h) || !cfg.hostPolicy.allows(h.host ?? hostOf(req)) || cfg.overlay?.get(realPath) || !cfg.cache.peek(realPath)) return false;
  if (pending.length === 0) setImmediate(answerPending);
  pending.push({ cfg, req, res, realPath, full });
  return true;
}

interface Pending {
  cfg: HandlerConfig;
  req: IncomingMessage;
  res: ServerResponse;
  /** The file to send, or undefined for a target known to name nothing in `missingIn`. */
  realPath: string | undefined;
  missingIn?: string;
  full: FullPath;
}

/** A target known to name nothing: its 404 comes from the hot path too, with the same checks. */
function tryMissing(cfg: HandlerConfig, req: IncomingMessage, res: ServerResponse, full: FullPath): boolean {
  const missingIn = cfg.routes?.missing(req.url ?? '');
  if (missingIn === undefined || !cfg.hostPolicy.allows(hostOf(req)) || !cfg.cache?.watchesFolder(missingIn)) return false;
  if (pending.length === 0) setImmediate(answerPending);
  pending.push({ cfg, req, res, realPath: undefined, missingIn, full });
  return true;
}

/** Requests waiting for the check phase: one setImmediate per loop turn, not one per request. */
let pending: Pending[] = [];

function answerPending(): void {
  const batch = pending;
  pending = [];
  for (const p of batch) answer(p);
}

/** A prepared answer: status, headers made once, and the body to send for GET. */
interface Ready {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

function answer(p: Pending): void {
  // A watch event handled in this loop turn may have dropped the entry or the remembered miss:
  // then the full path decides.
  const ready = p.realPath === undefined ? stillMissing(p) : stillCached(p, p.realPath);
  if (!ready) {
    p.full(p.cfg, p.req, p.res);
    return;
  }
  p.res.writeHead(ready.status, ready.headers);
  if (p.req.method === 'HEAD') {
    p.res.end();
    return;
  }
  recordBytes(p.res, ready.body.length);
  p.res.end(ready.body);
}

function stillMissing({ cfg, req, missingIn }: Pending): Ready | undefined {
  if (missingIn === undefined || cfg.routes?.missing(req.url ?? '') !== missingIn || !cfg.cache?.watchesFolder(missingIn)) return undefined;
  const page = cfg.routes.missingPage(req.url ?? '');
  if (!page) return undefined;
  let ready = notFoundAnswers.get(page);
  if (ready?.owner !== cfg) {
    ready = { owner: cfg, status: 404, ...preparedErrorPage(404, page, cfg.baseHeaders) };
    notFoundAnswers.set(page, ready);
  }
  return ready;
}

/** The prepared 404 answer for each remembered page (which the memo holds, and drops when it clears). */
const notFoundAnswers = new WeakMap<Buffer, Ready & { owner: HandlerConfig }>();

function stillCached({ cfg, req }: Pending, realPath: string): Ready | undefined {
  // A watched folder that changed meanwhile cleared the route (a retargeted symlink leaves the
  // old target's entry valid but the route stale).
  if (cfg.routes?.hot(req.url ?? '') !== realPath) return undefined;
  const entry = cfg.cache?.peek(realPath);
  return entry && preparedAnswer(cfg, entry, req.headers['accept-encoding']);
}

function changesTheAnswer(h: IncomingHttpHeaders): boolean {
  return h.range !== undefined || h['if-none-match'] !== undefined || h['if-modified-since'] !== undefined ||
    h['if-match'] !== undefined || h['if-unmodified-since'] !== undefined;
}

/** Response headers prepared for one file version under one configuration, per encoding. */
interface Prepared {
  owner: HandlerConfig;
  compressible: boolean;
  byEncoding: Map<Encoding | 'identity', OutgoingHttpHeaders>;
}
const PREPARED = Symbol('ferrox.prepared');
type WithPrepared = CachedFile & { [PREPARED]?: Prepared };

/** The headers and body of the 200 answer, or undefined when a compressed body is not made yet. */
function preparedAnswer(cfg: HandlerConfig, entry: CachedFile, acceptEncoding: string | undefined): Ready | undefined {
  const tagged = entry as WithPrepared;
  let prepared = tagged[PREPARED];
  if (prepared?.owner !== cfg) {
    const compressible = worthCompressing(cfg.options.compression, entry.size, entry.contentType);
    prepared = tagged[PREPARED] = { owner: cfg, compressible, byEncoding: new Map() };
  }
  const { compressible } = prepared;
  const encoding = compressible ? negotiated(acceptEncoding) : undefined;
  const body = encoding ? entry.variants.get(encoding) : entry.body;
  if (!body) return undefined;
  let headers = prepared.byEncoding.get(encoding ?? 'identity');
  if (!headers) {
    // The same headers serveFile writes for this file; see its tests.
    const own = fileHeaders(entry.contentType, entry.lastModified, entry.etag, true, compressible);
    if (encoding) {
      own['Content-Encoding'] = encoding;
      own.ETag = weaken(entry.etag);
    }
    own['Content-Length'] = body.length;
    headers = withBaseHeaders(own, cfg.baseHeaders);
    prepared.byEncoding.set(encoding ?? 'identity', headers);
  }
  return { status: 200, headers, body };
}

/** Browsers send a handful of distinct Accept-Encoding values: negotiate each once. */
const negotiations = new Map<string, Encoding | undefined>();
function negotiated(acceptEncoding: string | undefined): Encoding | undefined {
  if (acceptEncoding === undefined) return undefined;
  if (negotiations.has(acceptEncoding)) return negotiations.get(acceptEncoding);
  const encoding = negotiateEncoding(acceptEncoding);
  if (negotiations.size >= 64) negotiations.clear();
  negotiations.set(acceptEncoding, encoding);
  return encoding;
}
