import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { HtmlInjector, injectedEtag, weaken, writeHead } from '../http';
import { decodeHtml, decoderFor, Tee } from './capture';

/** The live-reload tag for a backend's page. */
export interface PageTag {
  /** The tag to put in (made once per answer, and only for HTML). */
  tag(): Buffer | undefined;
  /**
   * What the page's validator is marked with: the tag without what changes per answer (the
   * page's token), so a revalidation can still be answered 304 while the rest stays the same.
   */
  mark(): Buffer | undefined;
  /** Gets the page as the backend rendered it, as text (undefined: too large or cut off). */
  keep?(text: string | undefined, status: number): void;
}

/**
 * Answers an HTML page from a backend with the live-reload tag in it, streaming: a compressed
 * page is decompressed on the way (and sent uncompressed, chunked), a plain one keeps an exact
 * Content-Length. Returns false, having done nothing, for anything else: not HTML, a partial
 * answer, or an encoding it cannot read, which all pass through untouched.
 */
export function answerHtml(
  backend: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders,
  page: PageTag,
): boolean {
  const type = String(headers['content-type'] ?? '');
  if (!/^\s*text\/html\b/i.test(type) || status === 206) return false;
  const decoder = decoderFor(headers);
  if (decoder === null) return false;
  const tag = page.tag();
  const mark = page.mark();
  if (!tag || !mark) return false;
  const out = { ...headers };
  delete out['content-encoding'];
  delete out['content-md5'];
  delete out.digest;
  // The bytes differ from the backend's, and change with the server instance: the validator is
  // weak, names the tag too, and a date or a lifetime cannot vouch for the copy any more.
  if (typeof out.etag === 'string') out.etag = injectedEtag(weaken(out.etag), mark);
  delete out['last-modified'];
  delete out.expires;
  if (!/\bno-store\b/i.test(String(out['cache-control'] ?? ''))) out['cache-control'] = 'no-cache';
  const length = Number(headers['content-length']);
  if (!decoder && Number.isInteger(length) && length >= 0) out['content-length'] = String(length + tag.length);
  else delete out['content-length'];
  writeHead(res, status, out);
  const stages: (NodeJS.ReadableStream | NodeJS.WritableStream)[] = [backend];
  if (decoder) stages.push(decoder());
  let kept = false;
  const keep = page.keep;
  if (keep)
    stages.push(
      new Tee((bytes) => {
        kept = true;
        keep(bytes && decodeHtml(bytes, type), status);
      }),
    );
  stages.push(new HtmlInjector(tag), res);
  pipeline(stages, (err) => {
    if (err) res.destroy();
    if (!kept) keep?.(undefined, status);
  });
  return true;
}
