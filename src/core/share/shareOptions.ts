import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import { machineNames } from '../certs';

/** The options sharing sets (ServerOptions has them: config/ is not imported, proxy/ imports this folder). */
export interface ShareableOptions {
  root: string;
  host?: string;
  accessToken?: string;
  allowedHosts?: string[];
}

/**
 * The options of a server shared on the local network: all interfaces unless a host was chosen,
 * every request needing `token`, and the machine's names accepted besides its addresses.
 */
export function shareOptions<T extends ShareableOptions>(
  options: T,
  token: string,
  hostname = os.hostname(),
): T & Required<Omit<ShareableOptions, 'root'>> {
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
