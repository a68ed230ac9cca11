import { createHash } from 'node:crypto';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import * as zlib from 'node:zlib';
import { WebSocketServer } from 'ws';
import { makeCert } from '../../shared/testCerts';

/** A small backend on a loopback port: the routes the proxy tests ask of it, and a WebSocket echo. */
export interface Backend {
  port: number;
  origin: string;
  /** Requests the backend received, as path and headers. */
  seen: { method: string; url: string; headers: http.IncomingHttpHeaders }[];
  /** Resolves when the backend sees a request on `path` end before its answer was complete. */
  aborted(path: string): Promise<void>;
  /** WebSocket connections the backend saw close, with their close codes. */
  wsCloses: number[];
  /** Ends every WebSocket from the backend's side. */
  dropWebSockets(): Promise<void>;
  /** The headers of the last WebSocket handshake the backend accepted. */
  lastUpgradeHeaders(): http.IncomingHttpHeaders | undefined;
  close(): Promise<void>;
}

export const GZIP_PAGE =
  '<!doctype html><html><head><title>from the backend</title></head><body><h1 id="msg">rendered</h1></body></html>';

export async function startBackend(): Promise<Backend> {
  const seen: Backend['seen'] = [];
  const abortWaiters = new Map<string, () => void>();
  const wsCloses: number[] = [];
  let lastUpgrade: http.IncomingHttpHeaders | undefined;
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const url = new URL(req.url ?? '/', 'http://backend');
    res.on('close', () => {
      if (!res.writableFinished) abortWaiters.get(url.pathname)?.();
    });
    route(url, req, res, origin);
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws, req) => {
    lastUpgrade = req.headers;
    ws.send(`hello ${req.url}`);
    ws.on('message', (data, binary) => ws.send(data, { binary }));
    ws.on('close', (code) => wsCloses.push(code));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    origin,
    seen,
    wsCloses,
    lastUpgradeHeaders: () => lastUpgrade,
    dropWebSockets: async () => {
      for (const client of wss.clients) client.terminate();
    },
    aborted: (path) => new Promise((resolve) => abortWaiters.set(path, resolve)),
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function route(url: URL, req: http.IncomingMessage, res: http.ServerResponse, origin: string): void {
  switch (url.pathname.replace(/^\/v1/, '')) {
    case '/echo': {
      const hash = createHash('sha1');
      let bytes = 0;
      req.on('data', (c: Buffer) => {
        bytes += c.length;
        hash.update(c);
      });
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'X-Backend': 'yes' });
        res.end(
          JSON.stringify({ method: req.method, url: req.url, headers: req.headers, bytes, sha1: hash.digest('hex') }),
        );
      });
      return;
    }
    case '/status': {
      res.writeHead(Number(url.searchParams.get('code') ?? 200), { 'Content-Type': 'text/plain' });
      res.end('status\n');
      return;
    }
    case '/download': {
      // Streams `mb` MiB without holding it: each 64 KiB chunk is written when the socket drains.
      let left = Number(url.searchParams.get('mb') ?? 1) * 1024 * 1024;
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(left) });
      const pump = () => {
        while (left > 0) {
          const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
          left -= piece.length;
          if (!res.write(piece)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
      return;
    }
    case '/sse': {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      let n = 0;
      const timer = setInterval(() => {
        res.write(`data: tick ${++n}\n\n`);
        if (n === 3) {
          clearInterval(timer);
          res.end();
        }
      }, 150);
      res.on('close', () => clearInterval(timer));
      return;
    }
    case '/cookies': {
      res.setHeader('Set-Cookie', [
        'a=1; Domain=backend.test; Path=/; HttpOnly',
        'ferrox-token-8080=forged; Path=/',
        'b=2; Path=/; domain=.backend.test; Secure',
        ' FERROX-TOKEN-=x',
      ]);
      res.end('cookies\n');
      return;
    }
    case '/redirect': {
      const to = url.searchParams.get('to') ?? 'absolute';
      const location =
        to === 'absolute'
          ? `${origin}/v1/landing?x=1`
          : to === 'path'
            ? '/v1/landing'
            : to === 'elsewhere'
              ? 'https://example.test/x'
              : 'landing';
      res.writeHead(302, { Location: location });
      res.end();
      return;
    }
    case '/trailers': {
      res.writeHead(200, { 'Content-Type': 'text/plain', Trailer: 'X-Checksum' });
      res.write('body with a trailer\n');
      res.addTrailers({ 'X-Checksum': 'abc123' });
      res.end();
      return;
    }
    case '/slow':
      return; // never answers
    case '/hang':
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('first part\n'); // and never the rest
      return;
    case '/page.html': {
      const gzip = url.searchParams.get('gzip') !== '0';
      if (/(^|[\s,])(W\/)?"v1"/.test(req.headers['if-none-match'] ?? '')) {
        res.writeHead(304, { ETag: '"v1"' });
        res.end();
        return;
      }
      const body = gzip ? zlib.gzipSync(GZIP_PAGE) : Buffer.from(GZIP_PAGE);
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': String(body.length),
        ETag: '"v1"',
        'Last-Modified': new Date(0).toUTCString(),
        'Cache-Control': 'max-age=600',
        ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
      });
      res.end(body);
      return;
    }
    default:
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end(`backend has no ${url.pathname}\n`);
  }
}

/** An HTTPS backend with a self-signed certificate (which the proxy should refuse unless told not to). */
export async function startTlsBackend(): Promise<{ origin: string; close(): void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-tls-backend-'));
  const files = makeCert(dir, 'backend');
  const server = https.createServer(
    { cert: fs.readFileSync(files.cert), key: fs.readFileSync(files.key) },
    (req, res) => {
      res.end(`tls backend ${req.url}`);
    },
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
