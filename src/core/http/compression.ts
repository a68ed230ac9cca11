import * as zlib from 'node:zlib';
import type { Transform } from 'node:stream';

export type Encoding = 'br' | 'gzip';

/** Below this a compressed body saves less than the headers and CPU it costs. */
export const COMPRESSION_THRESHOLD = 1024;

const COMPRESSIBLE =
  /^(?:text\/|application\/(?:json|(?:ld\+|manifest\+)?json|javascript|ecmascript|xml|xhtml\+xml|rss\+xml|atom\+xml|wasm|x-javascript|graphql)|image\/(?:svg\+xml|x-icon|vnd\.microsoft\.icon|bmp)|font\/(?:ttf|otf)|application\/(?:x-font-ttf|vnd\.ms-fontobject))/i;

export function isCompressible(contentType: string): boolean {
  return COMPRESSIBLE.test(contentType) || /\+(?:json|xml)\b/i.test(contentType);
}

/**
 * Picks the encoding the client prefers among br and gzip, honouring q-values (q=0 refuses).
 * Ties go to brotli, which is smaller for text.
 */
export function negotiateEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  if (!acceptEncoding) return undefined;
  const q: Record<string, number> = {};
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    let weight = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p);
      if (m) weight = Math.min(1, Number(m[1]) || 0);
    }
    q[name] = weight;
  }
  const weightOf = (enc: string) => q[enc] ?? q['*'] ?? 0;
  const br = weightOf('br');
  const gzip = Math.max(weightOf('gzip'), q['x-gzip'] ?? 0);
  if (br <= 0 && gzip <= 0) return undefined;
  return br >= gzip ? 'br' : 'gzip';
}

/**
 * A compressor tuned for on-the-fly use: brotli's default quality (11) is far too slow per
 * request, so a middle quality keeps latency low with most of the size win.
 */
export function createCompressor(encoding: Encoding, sizeHint: number): Transform {
  if (encoding === 'br') {
    return zlib.createBrotliCompress({
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: sizeHint,
      },
    });
  }
  return zlib.createGzip({ level: 6 });
}

/** Compresses a small body in one call, with the same settings as createCompressor. */
export function compressSync(encoding: Encoding, body: Buffer): Buffer {
  if (encoding === 'br') {
    return zlib.brotliCompressSync(body, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    });
  }
  return zlib.gzipSync(body, { level: 6 });
}
