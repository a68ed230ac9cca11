import { serveFile, type CachedFile } from '../../files';
import type { Exchange } from '../exchange';
import { fileTag } from './liveTag';

/** Answers with the file at `realPath` (its cache entry, when held), with the live-reload tag when it gets one. */
export function respondWithFile(x: Exchange, realPath: string, cached?: CachedFile): Promise<void> {
  const { cfg } = x;
  return serveFile(x.req, x.res, realPath, {
    compression: cfg.options.compression,
    onStreamError: cfg.onStreamError,
    overlay: cfg.overlay,
    cache: cfg.cache,
    cached,
    inject: fileTag(cfg, x.req, realPath, cached),
  });
}
