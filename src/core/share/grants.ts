import { randomBytes } from 'node:crypto';

/** How long a grant can be redeemed: pages reconnect within seconds of the rebind. */
export const GRANT_TTL_MS = 30_000;

/**
 * Pages this machine has open when a running server starts being shared hold no token, and
 * would lose the server (their event stream and every reload answered 401). Before the new
 * configuration applies, each connected page is handed a grant: a random code, over its event
 * stream. Posted back from this machine (the access gate checks where from) before it expires,
 * it buys the cookie a right token link sets. A page's scripts see only the code, never the token.
 */
export class ShareGrants {
  private readonly codes = new Map<string, { token: string; expires: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A new code that stands for `token` until GRANT_TTL_MS from now. */
  issue(token: string): string {
    this.prune();
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, { token, expires: this.now() + GRANT_TTL_MS });
    return code;
  }

  /** Whether `code` was issued for `token` and has not expired (every open page redeems the same code). */
  admits(code: string, token: string): boolean {
    this.prune();
    return this.codes.get(code)?.token === token;
  }

  private prune(): void {
    const now = this.now();
    for (const [code, grant] of this.codes) if (grant.expires <= now) this.codes.delete(code);
  }
}
