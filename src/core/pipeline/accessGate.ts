import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { sendError, writeHead } from '../http';
import type { Credentials } from '../proxy';

/** What a request with a token in its query is answered, when the token is right. */
export interface TokenRedirect {
  location: string;
  cookie: string;
}

/**
 * While a server is shared, every request must carry its token, from every client (loopback
 * too): as `?token=`, as `Authorization: Bearer <token>`, or as the cookie a right `?token=`
 * sets. Tokens are compared in constant time (of their hashes, so lengths leak nothing).
 */
export class AccessGate {
  private readonly digest: Buffer;

  constructor(token: string) {
    this.digest = hash(token);
  }

  /** True when the request carries the token in a header or cookie (a query token redirects first). */
  allows(req: IncomingMessage): boolean {
    const auth = req.headers.authorization;
    if (auth !== undefined && /^Bearer /i.test(auth) && this.matches(auth.slice(7).trim())) return true;
    const cookie = readCookie(req.headers.cookie, cookieName(req));
    return cookie !== undefined && this.matches(cookie);
  }

  /** True when the query carries the right token (a WebSocket cannot follow the redirect that sets the cookie). */
  queryTokenIn(req: IncomingMessage): boolean {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const token = q < 0 ? null : new URLSearchParams(url.slice(q + 1)).get('token');
    return token !== null && this.matches(token);
  }

  /** The server's own credentials in a request, which a proxied request must not pass on. */
  credentialsOf(req: IncomingMessage): Credentials {
    const auth = req.headers.authorization;
    return {
      cookieName: cookieName(req),
      authorizationIsToken: auth !== undefined && /^Bearer /i.test(auth) && this.matches(auth.slice(7).trim()),
    };
  }

  /** For a GET or HEAD with the right `?token=`: the same URL without it, and the cookie to set. */
  redirectFor(req: IncomingMessage): TokenRedirect | undefined {
    if (req.method !== 'GET' && req.method !== 'HEAD') return undefined;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    if (q < 0) return undefined;
    const params = new URLSearchParams(url.slice(q + 1));
    const token = params.get('token');
    if (token === null || !this.matches(token)) return undefined;
    params.delete('token');
    const rest = params.toString();
    return {
      location: url.slice(0, q) + (rest ? `?${rest}` : ''),
      cookie: `${cookieName(req)}=${token}; Path=/; HttpOnly; ${cookieScope(req)}`,
    };
  }

  /** Answers a request that may not pass: 303 with the cookie for a right query token, else 401. */
  refuse(req: IncomingMessage, res: ServerResponse): void {
    const redirect = this.redirectFor(req);
    if (redirect) {
      writeHead(res, 303, { Location: redirect.location, 'Set-Cookie': redirect.cookie, 'Cache-Control': 'no-store', 'Content-Length': 0 });
      res.end();
      return;
    }
    sendError(res, 401, 'This server is shared with a link that carries its access token. Open the link (or scan the QR code) ' +
      'that Ferrox shows where it was started; a link without the token, or an old one, does not work.',
    req.method === 'HEAD', { 'WWW-Authenticate': 'Bearer realm="ferrox"' });
  }

  private matches(candidate: string): boolean {
    return timingSafeEqual(hash(candidate), this.digest);
  }
}

/**
 * A link opened in a frame of another site (the editor's preview panel is one: its page is
 * vscode-webview://…) cannot keep a SameSite=Lax cookie: the browser neither stores nor sends it
 * there. Such a frame gets a partitioned cookie (CHIPS) instead, which the browser keeps for that
 * top-level site alone, so no other site's pages ever send it. Secure is required with
 * Partitioned; browsers accept it from http://localhost and 127.0.0.1, which is where the preview
 * points. Everything else (a tab, a phone) keeps the Lax cookie.
 */
function cookieScope(req: IncomingMessage): string {
  const secure = (req.socket as TLSSocket).encrypted ? '; Secure' : '';
  const dest = req.headers['sec-fetch-dest'];
  const framedCrossSite = (dest === 'iframe' || dest === 'frame') && req.headers['sec-fetch-site'] === 'cross-site';
  return framedCrossSite ? 'SameSite=None; Secure; Partitioned' : `SameSite=Lax${secure}`;
}

/** The cookie is named after the port: cookies ignore ports, and two shared servers must not mix. */
function cookieName(req: IncomingMessage): string {
  return `ferrox-token-${req.socket.localPort ?? 0}`;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function hash(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
