import type { IncomingMessage, ServerResponse } from 'node:http';
import { isHttp1, sendError } from './respond';

/**
 * Reads a small JSON request body. Answers the request itself and resolves undefined when the
 * body is not JSON (415), is larger than `limit` bytes (413, and the connection closes without
 * reading the rest) or does not parse (400; the body is never echoed or logged).
 */
export function readJsonBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<unknown | undefined> {
  return new Promise((resolve) => {
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      sendError(res, 415, 'This endpoint takes JSON.', false);
      return resolve(undefined);
    }
    // HTTP/1: close the connection rather than read the rest. HTTP/2 has no Connection header:
    // after the answer, RST_STREAM tells the client to stop sending. (CANCEL, code 8: Node holds
    // a NO_ERROR reset back until the request body has ended, which left the client stalled.)
    const tooLarge = () => {
      sendError(
        res,
        413,
        `Bodies here are limited to ${limit} bytes.`,
        false,
        isHttp1(req) ? { Connection: 'close' } : {},
      );
      if (!isHttp1(req)) (req as IncomingMessage & { stream?: { close(code: number): void } }).stream?.close(8);
    };
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      tooLarge();
      return resolve(undefined);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      refused = true;
      tooLarge();
      resolve(undefined);
    });
    req.on('error', () => resolve(undefined));
    req.on('end', () => {
      if (refused) return;
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        sendError(res, 400, 'The body is not valid JSON.', false);
        resolve(undefined);
      }
    });
  });
}
