import * as http from 'node:http';
import type { IncomingMessage } from 'node:http';
import * as https from 'node:https';
import type { Duplex } from 'node:stream';
import type { Credentials } from '../share';
import { upstreamRequestHeaders, type ClientInfo } from './forwardHeaders';
import type { ProxyPool } from './pool';
import type { ProxyRoute } from './rules';

export interface UpgradeContext {
  pool: ProxyPool;
  client: ClientInfo;
  credentials?: Credentials;
  onFailure: (message: string) => void;
  /** Called once the tunnel is gone (or never opened), with the status the client got. */
  onDone?: (status: number, upstreamMs: number) => void;
}

/**
 * Forwards a WebSocket (or any Upgrade) handshake to the rule's target and, once the backend
 * switches protocols, joins the two sockets: bytes flow both ways untouched, and a close or an
 * error on either side closes the other. A backend that refuses the upgrade has its answer
 * relayed; one that cannot be reached gets the client a 502 (504 after the rule's timeout).
 */
export function forwardUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  route: ProxyRoute,
  ctx: UpgradeContext,
): void {
  const { rule } = route;
  const started = Date.now();
  const transport = rule.target.protocol === 'https:' ? https : http;
  const upstream = transport.request({
    protocol: rule.target.protocol,
    hostname: rule.target.hostname.replace(/^\[|\]$/g, ''),
    port: rule.target.port || undefined,
    method: req.method,
    path: route.upstreamPath,
    headers: upstreamRequestHeaders(req.headers, rule, ctx.client, ctx.credentials, ['connection', 'upgrade']),
    rejectUnauthorized: rule.secure,
    setHost: false,
    agent: false,
  });
  let settled = false;
  const done = (status: number) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    ctx.onDone?.(status, Date.now() - started);
  };
  const timer = setTimeout(
    () => upstream.destroy(Object.assign(new Error('no answer in time'), { code: 'ETIMEDOUT' })),
    rule.timeoutMs,
  );
  socket.on('error', () => upstream.destroy());
  socket.once('close', () => {
    upstream.destroy();
    if (!settled) done(499);
  });

  upstream.on('error', (err: NodeJS.ErrnoException) => {
    if (settled || socket.destroyed) return;
    const timedOut = err.code === 'ETIMEDOUT';
    const message =
      `Proxy ${rule.prefix || '/'} → ${rule.target.origin}: WebSocket ${route.upstreamPath} ` +
      (timedOut
        ? `got no answer within ${rule.timeoutMs / 1000} s.`
        : `could not be reached: ${err.code ?? err.message}.`);
    ctx.onFailure(message);
    const status = timedOut ? 504 : 502;
    done(status);
    refuse(socket, status, message);
  });

  upstream.on('response', (res) => {
    // The backend answered without switching protocols: relay its answer as it is.
    done(res.statusCode ?? 502);
    socket.write(
      statusLine(res) +
        rawHeaderLines(res.rawHeaders, ['connection', 'transfer-encoding', 'keep-alive']) +
        'Connection: close\r\n\r\n',
    );
    res.pipe(socket);
  });

  upstream.on('upgrade', (res, backendSocket, backendHead) => {
    done(101);
    ctx.pool.track(socket);
    ctx.pool.track(backendSocket);
    for (const s of [socket, backendSocket]) {
      if ('setNoDelay' in s) (s as import('node:net').Socket).setNoDelay(true);
      if ('setTimeout' in s) (s as import('node:net').Socket).setTimeout(0);
    }
    backendSocket.on('error', () => socket.destroy());
    socket.on('error', () => backendSocket.destroy());
    backendSocket.once('close', () => socket.destroy());
    socket.once('close', () => backendSocket.destroy());
    socket.write(statusLine(res) + rawHeaderLines(res.rawHeaders, []) + '\r\n');
    if (backendHead.length > 0) socket.write(backendHead);
    if (head.length > 0) backendSocket.write(head);
    backendSocket.pipe(socket);
    socket.pipe(backendSocket);
  });
  upstream.end();
}

function statusLine(res: IncomingMessage): string {
  return `HTTP/1.1 ${res.statusCode} ${res.statusMessage ?? ''}\r\n`;
}

/** Header lines as the backend sent them (names, order, repeats), minus `drop`. */
function rawHeaderLines(raw: readonly string[], drop: readonly string[]): string {
  let lines = '';
  for (let i = 0; i < raw.length; i += 2) {
    if (!drop.includes(raw[i].toLowerCase())) lines += `${raw[i]}: ${raw[i + 1]}\r\n`;
  }
  return lines;
}

/** Answers an upgrade that will not happen, on the raw socket, and closes it. */
export function refuse(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  const body = Buffer.from(message + '\n');
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.toString()}`,
  );
}
