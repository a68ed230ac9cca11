import * as fs from 'node:fs';
import * as http2 from 'node:http2';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ServerOptions } from '../../src/core';
import { request, type Reply } from './helpers';
import { makeCert } from '../shared/testCerts';

type RequestFn = typeof request;

/** A protocol the HTTP semantics suites run over: how to start the server, and how to ask it. */
export interface Protocol {
  name: string;
  /** Server options this protocol needs (TLS for HTTP/2). */
  options(): Partial<ServerOptions>;
  request: RequestFn;
  /** HTTP/1.x only: raw-socket tests (pipelining, malformed requests) do not apply to HTTP/2. */
  http1: boolean;
}

let tlsFiles: { cert: string; key: string } | undefined;
function testTls(): { cert: string; key: string } {
  if (!tlsFiles) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-h2-'));
    tlsFiles = makeCert(dir, 'h2');
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return tlsFiles;
}

/**
 * An HTTP/2 request with the shape of helpers.request: a Host header becomes :authority, the
 * reply's headers lose the pseudo-headers. One session per request, closed when it is done.
 */
export const h2request: RequestFn = (port, rawPath, options = {}) =>
  new Promise<Reply>((resolve, reject) => {
    const session = http2.connect(`https://127.0.0.1:${port}`, { rejectUnauthorized: false, servername: 'localhost' });
    session.on('error', reject);
    const headers: http2.OutgoingHttpHeaders = {
      ':method': options.method ?? 'GET',
      ':path': rawPath,
      ':authority': `127.0.0.1:${port}`,
    };
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (name.toLowerCase() === 'host') headers[':authority'] = value;
      else headers[name.toLowerCase()] = value;
    }
    const stream = session.request(headers, { endStream: options.body === undefined });
    const chunks: Buffer[] = [];
    let status = 0;
    let replyHeaders: Reply['headers'] = {};
    stream.on('response', (h) => {
      status = Number(h[':status']);
      replyHeaders = Object.fromEntries(Object.entries(h).filter(([k]) => !k.startsWith(':'))) as Reply['headers'];
    });
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      session.close();
      const body = Buffer.concat(chunks);
      resolve({ status, headers: replyHeaders, body, text: body.toString('utf8') });
    });
    stream.on('error', (err) => {
      session.destroy();
      reject(err);
    });
    if (options.body !== undefined) stream.end(options.body);
  });

export const PROTOCOLS: Protocol[] = [
  { name: 'HTTP/1.1', options: () => ({}), request, http1: true },
  { name: 'HTTP/2 over TLS', options: () => ({ tls: testTls() }), request: h2request, http1: false },
];
