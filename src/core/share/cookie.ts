import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/* The cookie that a right token link (or a redeemed grant) sets, and how the gate reads it back. */

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

/** The cookie a right token link sets (and a redeemed grant). */
export function tokenCookie(req: IncomingMessage, token: string): string {
  return `${cookieName(req)}=${token}; Path=/; HttpOnly; ${cookieScope(req)}`;
}

/** The cookie is named after the port: cookies ignore ports, and two shared servers must not mix. */
export function cookieName(req: IncomingMessage): string {
  return `ferrox-token-${req.socket.localPort ?? 0}`;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
