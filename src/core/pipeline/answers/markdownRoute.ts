import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { readPageSource, serveFile } from '../../files';
import {
  compressSync,
  COMPRESSION_THRESHOLD,
  evaluatePreconditions,
  injectedEtag,
  insertTag,
  negotiateEncoding,
  sendBody,
  sendError,
  weaken,
  writeHead,
} from '../../http';
import { markdownPageSource } from '../../markdown';
import type { Exchange } from '../exchange';
import { keptVariant } from './keptVariants';
import { renderedTag } from './liveTag';

/**
 * A file larger than this is sent as it is, never rendered: rendering runs on the event loop,
 * about 0.4 s for 1 MB here (bench/markdown.mjs), and every other request waits meanwhile.
 */
const MAX_RENDERED_BYTES = 1024 * 1024;

/** Per rendered page (its bytes, as markdownPageSource keeps them): the validator and the forms sent. */
const renderings = new WeakMap<Buffer, { etag: string; variants: Map<string, Buffer> }>();

/** One URL, two answers: caches must keep them apart. */
const VARY = ['Sec-Fetch-Dest', 'Accept'];

/**
 * Scripts keep to the page's own origin (the live-reload client, its early console hook);
 * images and media may come from anywhere, as READMEs link them; no plugins, forms or <base>.
 */
const MARKDOWN_CSP =
  "default-src 'self'; img-src * data: blob:; media-src * data: blob:; style-src 'self' 'unsafe-inline'; " +
  "script-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'none'";

/**
 * A navigation (Sec-Fetch-Dest document or a frame; without the header, an Accept that asks for
 * HTML) is shown the page; a script's fetch gets the text.
 */
export function wantsPage(req: IncomingMessage): boolean {
  const dest = req.headers['sec-fetch-dest'];
  if (dest !== undefined) return dest === 'document' || dest === 'iframe' || dest === 'frame';
  return /\btext\/html\b/.test(req.headers.accept ?? '');
}

/**
 * Answers a Markdown file: rendered as a page, with the live-reload tag, for a navigation; the
 * file itself (text/markdown, ranges and all) otherwise. Both say what they vary on.
 */
export async function respondWithMarkdown(x: Exchange, realPath: string): Promise<void> {
  const { cfg, req, res, headOnly } = x;
  const source = wantsPage(req) ? await readPageSource(realPath, cfg.overlay, MAX_RENDERED_BYTES) : undefined;
  if (!source) {
    await serveFile(req, res, realPath, {
      compression: cfg.options.compression,
      onStreamError: cfg.onStreamError,
      overlay: cfg.overlay,
      cache: cfg.cache,
      vary: VARY,
    });
    return;
  }
  const page = markdownPageSource(source, realPath);
  const tag = renderedTag(cfg, req, realPath, page);
  // Kept with the rendering (the same bytes while the source stays): its validator and the
  // tagged and compressed forms are made once, not for every request.
  let rendering = renderings.get(page.bytes);
  if (!rendering) {
    rendering = { etag: `W/"md-${createHash('sha1').update(page.bytes).digest('base64url')}"`, variants: new Map() };
    renderings.set(page.bytes, rendering);
  }
  const { variants } = rendering;
  const bytes = tag ? keptVariant(variants, 'identity', tag, () => insertTag(page.bytes, tag)) : page.bytes;
  const etag = tag ? injectedEtag(rendering.etag, tag) : rendering.etag;
  const compressible = cfg.options.compression && bytes.length >= COMPRESSION_THRESHOLD;
  const headers = {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': MARKDOWN_CSP,
    'Cache-Control': 'no-cache',
    Vary: [...VARY, ...(compressible ? ['Accept-Encoding'] : [])].join(', '),
    ETag: etag,
  };
  const precondition = evaluatePreconditions(
    { 'if-none-match': req.headers['if-none-match'] },
    { etag, lastModifiedMs: 0 },
  );
  if (precondition === 'not-modified') {
    const { 'Content-Type': _t, ...notModified } = headers;
    writeHead(res, 304, notModified);
    res.end();
    return;
  }
  if (precondition === 'failed') {
    sendError(res, 412, 'The page has changed since the condition was written.', headOnly);
    return;
  }
  const encoding = compressible ? negotiateEncoding(req.headers['accept-encoding']) : undefined;
  if (!encoding) {
    sendBody(res, 200, headers, bytes, headOnly);
    return;
  }
  const compressed = keptVariant(variants, encoding, tag, () => compressSync(encoding, bytes));
  sendBody(res, 200, { ...headers, ETag: weaken(etag), 'Content-Encoding': encoding }, compressed, headOnly);
}
