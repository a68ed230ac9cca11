import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import { machineNames } from '../certs';
import type { ServerOptions } from './options';

/**
 * The options of a server shared on the local network: all interfaces unless a host was chosen,
 * every request needing `token`, and the machine's names accepted besides its addresses.
 */
export function shareOptions(options: ServerOptions, token: string, hostname = os.hostname()): ServerOptions {
  return {
    ...options,
    host: options.host ?? '0.0.0.0',
    accessToken: token,
    allowedHosts: [...(options.allowedHosts ?? []), ...machineNames(hostname)],
  };
}

/** A new access token: 32 random bytes, base64url. */
export function newAccessToken(): string {
  return randomBytes(32).toString('base64url');
}
