import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { fileHeaders, worthCompressing, type CachedFile } from '../files';
import { negotiateEncoding, preparedErrorPage, refusalOf, weaken, withBaseHeaders, type Encoding } from '../http';
import type { PipelineConfig } from './exchange';

/** The steps that answer everything; the hot path hands them whatever it cannot answer. */
export type FullPath = (cfg: PipelineConfig, req: IncomingMessage, res: ServerResponse) => void;

interface Pending {
  cfg: PipelineConfig;
  req: IncomingMessage;
  res: ServerResponse;
  /** The file to send, or undefined for a target known to name nothing in `missingIn`. */
  realPath: string | undefined;
  missingIn?: string;
}

/** A prepared answer: status, headers made once, and the body to send for GET. */
interface Ready {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

/**
 * The hot path of one server: a repeat GET or HEAD whose exact target the full path has already
 * parsed, contained and found to be a cached file (or to name nothing), asked with no header that
 * changes the answer, is answered from headers prepared once per file version and configuration:
 * no parsing, no lookup, no promise. It still passes the guard's checks (Host, token).
 *
 * Freshness is the full path's: the answer is written from the event loop's check phase, after
 * the change events that arrived with the request, and the entry is looked up again then.
 */
export class HotPath {
  /** Requests waiting for the check phase: one setImmediate per loop turn, not one per request. */
  private pending: Pending[] = [];
  /** Response headers prepared per cached file version and configuration. */
  private readonly prepared = new WeakMap<CachedFile, Prepared>();
  /** The prepared 404 answer for each remembered page (which the memo holds, and drops when it clears). */
  private readonly notFoundAnswers = new WeakMap<Buffer, Ready & { owner: PipelineConfig }>();
  /** Browsers send a handful of distinct Accept-Encoding values: each is negotiated once. */
  private readonly negotiations = new Map<string, Encoding | undefined>();

  constructor(private readonly full: FullPath) {}

  /** Takes the request (and answers it soon) or returns false, having done nothing. */
  take(cfg: PipelineConfig, req: IncomingMessage, res: ServerResponse): boolean {
    const method = req.method;
    // Whatever the guard refuses is the pipeline's to answer (the one guard, http's refusalOf).
    if (
      (method !== 'GET' && method !== 'HEAD') ||
      !cfg.routes ||
      !cfg.cache ||
      refusalOf(cfg, req, false) !== undefined ||
      // A host's rule (a redirect, a rewrite, a header) that may apply is the steps' to apply.
      cfg.hosting?.rules.touches(req.url ?? '/') === true ||
      // A navigation may have to clear what another folder left on this origin (steps/siteState.ts).
      req.headers['sec-fetch-dest'] === 'document' ||
      req.headers['sec-fetch-dest'] === 'serviceworker'
    )
      return false;
    const realPath = cfg.routes.hot(req.url ?? '');
    if (realPath === undefined) return this.takeMissing(cfg, req, res);
    const h = req.headers;
    if (changesTheAnswer(h) || cfg.overlay?.get(realPath) || !cfg.cache.peek(realPath)) return false;
    this.queue({ cfg, req, res, realPath });
    return true;
  }

  /** A target known to name nothing: its 404 comes from the hot path too, with the same checks. */
  private takeMissing(cfg: PipelineConfig, req: IncomingMessage, res: ServerResponse): boolean {
    const missingIn = cfg.routes?.missing(req.url ?? '');
    if (missingIn === undefined || !cfg.cache?.watchesFolder(missingIn)) return false;
    this.queue({ cfg, req, res, realPath: undefined, missingIn });
    return true;
  }

  private queue(p: Pending): void {
    if (this.pending.length === 0) setImmediate(this.answerPending);
    this.pending.push(p);
  }

  private readonly answerPending = (): void => {
    const batch = this.pending;
    this.pending = [];
    for (const p of batch) this.answer(p);
  };

  private answer(p: Pending): void {
    // A change event handled in this loop turn may have dropped the entry or the remembered miss:
    // then the full path decides.
    const ready = p.realPath === undefined ? this.stillMissing(p) : this.stillCached(p, p.realPath);
    if (!ready) {
      this.full(p.cfg, p.req, p.res);
      return;
    }
    p.res.writeHead(ready.status, ready.headers);
    if (p.req.method === 'HEAD') {
      p.res.end();
      return;
    }
    p.res.end(ready.body);
  }

  private stillMissing({ cfg, req, missingIn }: Pending): Ready | undefined {
    if (
      missingIn === undefined ||
      cfg.routes?.missing(req.url ?? '') !== missingIn ||
      !cfg.cache?.watchesFolder(missingIn)
    )
      return undefined;
    const page = cfg.routes.missingPage(req.url ?? '');
    if (!page) return undefined;
    let ready = this.notFoundAnswers.get(page);
    if (ready?.owner !== cfg) {
      ready = { owner: cfg, status: 404, ...preparedErrorPage(404, page, cfg.baseHeaders) };
      this.notFoundAnswers.set(page, ready);
    }
    return ready;
  }

  private stillCached({ cfg, req }: Pending, realPath: string): Ready | undefined {
    // A watched folder that changed meanwhile cleared the route (a retargeted symlink leaves the
    // old target's entry valid but the route stale).
    if (cfg.routes?.hot(req.url ?? '') !== realPath) return undefined;
    const entry = cfg.cache?.peek(realPath);
    return entry && this.preparedAnswer(cfg, entry, req.headers['accept-encoding']);
  }

  /** The headers and body of the 200 answer, or undefined when a compressed body is not made yet. */
  private preparedAnswer(
    cfg: PipelineConfig,
    entry: CachedFile,
    acceptEncoding: string | undefined,
  ): Ready | undefined {
    let prepared = this.prepared.get(entry);
    if (prepared?.owner !== cfg) {
      const compressible = worthCompressing(cfg.options.compression, entry.size, entry.contentType);
      prepared = { owner: cfg, compressible, byEncoding: new Map() };
      this.prepared.set(entry, prepared);
    }
    const { compressible } = prepared;
    const encoding = compressible ? this.negotiated(acceptEncoding) : undefined;
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

  private negotiated(acceptEncoding: string | undefined): Encoding | undefined {
    if (acceptEncoding === undefined) return undefined;
    if (this.negotiations.has(acceptEncoding)) return this.negotiations.get(acceptEncoding);
    const encoding = negotiateEncoding(acceptEncoding);
    if (this.negotiations.size >= 64) this.negotiations.clear();
    this.negotiations.set(acceptEncoding, encoding);
    return encoding;
  }
}

function changesTheAnswer(h: IncomingHttpHeaders): boolean {
  return (
    h.range !== undefined ||
    h['if-none-match'] !== undefined ||
    h['if-modified-since'] !== undefined ||
    h['if-match'] !== undefined ||
    h['if-unmodified-since'] !== undefined
  );
}

/** Response headers prepared for one file version under one configuration, per encoding. */
interface Prepared {
  owner: PipelineConfig;
  compressible: boolean;
  byEncoding: Map<Encoding | 'identity', OutgoingHttpHeaders>;
}
