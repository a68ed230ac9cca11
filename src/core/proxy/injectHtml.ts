import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { pipeline, type Transform } from 'node:stream';
import * as zlib from 'node:zlib';
import { HtmlInjector, injectedEtag, weaken, writeHead } from '../http';

/** Decoders for the encodings a backend may compress HTML with. */
const DECODERS: Record<string, () => Transform> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

/**
 * Answers an HTML page from a backend with the live-reload tag in it, streaming: a compressed
 * page is decompressed on the way (and sent uncompressed, chunked), a plain one keeps an exact
 * Content-Length. Returns false, having done nothing, for anything else: not HTML, a partial
 * answer, or an encoding it cannot read, which all pass through untouched.
 */
export function answerHtml(
  backend: IncomingMessage, res: ServerResponse, status: number, headers: OutgoingHttpHeaders, makeTag: () => Buffer | undefined,
): boolean {
  const type = String(headers['content-type'] ?? '');
  if (!/^\s*text\/html\b/i.test(type) || status === 206) return false;
  const tag = makeTag();
  if (!tag) return false;
  const encoding = String(headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const decoder = encoding === 'identity' || encoding === '' ? undefined : DECODERS[encoding];
  if (encoding !== 'identity' && encoding !== '' && !decoder) return false;
  const out = { ...headers };
  delete out['content-encoding'];
  delete out['content-md5'];
  delete out.digest;
  // The bytes differ from the backend's, and change with the server instance: the validator is
  // weak, names the tag too, and a date or a lifetime cannot vouch for the copy any more.
  if (typeof out.etag === 'string') out.etag = injectedEtag(weaken(out.etag), tag);
  delete out['last-modified'];
  delete out.expires;
  if (!/\bno-store\b/i.test(String(out['cache-control'] ?? ''))) out['cache-control'] = 'no-cache';
  const length = Number(headers['content-length']);
  if (!decoder && Number.isInteger(length) && length >= 0) out['content-length'] = String(length + tag.length);
  else delete out['content-length'];
  writeHead(res, status, out);
  const stages: (NodeJS.ReadableStream | NodeJS.WritableStream)[] = [backend];
  if (decoder) stages.push(decoder());
  stages.push(new HtmlInjector(tag), res);
  pipeline(stages, (err) => {
    if (err) res.destroy();
  });
  return true;
}
