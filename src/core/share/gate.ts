import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fromThisMachine, sameOriginLocation, sendError, writeHead } from '../http';
import { GRANT_HEADER, LIVE_ROUTES } from '../live';
import { cookieName, readCookie, tokenCookie } from './cookie';
import type { ShareGrants } from './grants';
import { hasToken, tokenIn, withoutToken } from './tokenInUrls';

/** What the server asks to be kept from a backend while shared: its own access credentials. */
export interface Credentials {
  /** The access-token cookie's name, removed from `Cookie`. */
  cookieName?: string;
  /** True when `Authorization` carried the access token: then it is removed. */
  authorizationIsToken?: boolean;
  /** True while shared: a token in the `Referer`'s query is removed. */
  tokenInUrls?: boolean;
}

/** What a navigation with the token in its query is answered: its URL without it, and the cookie when the token is right. */
export interface TokenRedirect {
  location: string;
  cookie?: string;
}

/**
 * While a server is shared, every request must carry its token, from every client (loopback
 * too): as `?token=`, as `Authorization: Bearer <token>`, or as the cookie a right `?token=`
 * sets. A token never stays in a URL: a navigation that carries one is sent to the same URL
 * without it, authorised or not, so neither the address bar, nor a Referer, nor a log, nor a
 * backend keeps it. Tokens are compared in constant time (of their hashes, so lengths leak nothing).
 * The ways in without the token: a page this machine had open when sharing began posts the
 * grant it was handed (grants.ts) from this machine (loopback, no hop in between), and gets
 * the same cookie; an MCP client on this machine reaches the MCP route (which answers it alone).
 */
export class AccessGate {
  private readonly digest: Buffer;

  /** `trustProxy`: a proxy stands in front, so no request is known to come from this machine. */
  constructor(
    private readonly token: string,
    private readonly grants?: ShareGrants,
    private readonly trustProxy = false,
  ) {
    this.digest = hash(token);
  }

  /**
   * True when the request carries the token in a header or cookie (a query token redirects
   * first), or is an MCP client's on this machine: the MCP route answers no one else (agents/),
   * and its client keeps working when sharing begins.
   */
  allows(req: IncomingMessage): boolean {
    if (req.url === LIVE_ROUTES.mcp && fromThisMachine(req, this.trustProxy)) return true;
    const auth = req.headers.authorization;
    if (auth !== undefined && /^Bearer /i.test(auth) && this.matches(auth.slice(7).trim())) return true;
    const cookie = readCookie(req.headers.cookie, cookieName(req));
    return cookie !== undefined && this.matches(cookie);
  }

  /** True when the query carries the right token (a WebSocket cannot follow the redirect that sets the cookie). */
  queryTokenIn(req: IncomingMessage): boolean {
    const token = tokenIn(req.url ?? '/');
    return token !== null && this.matches(token);
  }

  /** The server's own credentials in a request, which a proxied request must not pass on. */
  credentialsOf(req: IncomingMessage): Credentials {
    const auth = req.headers.authorization;
    return {
      cookieName: cookieName(req),
      authorizationIsToken: auth !== undefined && /^Bearer /i.test(auth) && this.matches(auth.slice(7).trim()),
      tokenInUrls: true,
    };
  }

  /**
   * For a GET or HEAD with the token in its query (any spelling): the URL without it, with the
   * cookie when the token is right. Undefined when there is nothing to strip, or when neither that
   * token nor the request's own credentials let it in (then it is a 401).
   */
  redirectFor(req: IncomingMessage): TokenRedirect | undefined {
    const url = req.url ?? '/';
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !hasToken(url)) return undefined;
    const token = tokenIn(url);
    const right = token !== null && this.matches(token);
    if (!right && !this.allows(req)) return undefined;
    return {
      // Built from the path alone: `//other.example/?token=x` must not send the browser there.
      location: sameOriginLocation(withoutToken(url)),
      cookie: right ? tokenCookie(req, token) : undefined,
    };
  }

  /** Answers a navigation that carries the token (303 to its clean URL), or a request that may not pass (401). */
  refuse(req: IncomingMessage, res: ServerResponse): void {
    const redirect = this.redirectFor(req);
    if (redirect) {
      writeHead(res, 303, {
        Location: redirect.location,
        ...(redirect.cookie ? { 'Set-Cookie': redirect.cookie } : {}),
        // The page that linked here must not learn the tokenised URL either.
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-store',
        'Content-Length': 0,
      });
      res.end();
      return;
    }
    if (this.grantRedeemed(req)) {
      writeHead(res, 204, { 'Set-Cookie': tokenCookie(req, this.token), 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    sendError(
      res,
      401,
      'This server is shared with a link that carries its access token. Open the link (or scan the QR code) ' +
        'that Ferrox shows where it was started; a link without the token, or an old one, does not work.',
      req.method === 'HEAD',
      { 'WWW-Authenticate': 'Bearer realm="ferrox"' },
    );
  }

  /** A page open on this machine when sharing began, posting the grant it was handed (grants.ts). */
  private grantRedeemed(req: IncomingMessage): boolean {
    const code = req.headers[GRANT_HEADER.toLowerCase()];
    return (
      req.method === 'POST' &&
      req.url === LIVE_ROUTES.grant &&
      typeof code === 'string' &&
      fromThisMachine(req, this.trustProxy) &&
      this.grants?.admits(code, this.token) === true
    );
  }

  private matches(candidate: string): boolean {
    return timingSafeEqual(hash(candidate), this.digest);
  }
}

function hash(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
