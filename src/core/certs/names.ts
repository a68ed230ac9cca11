import * as os from 'node:os';
import { lanAddresses } from '../http';

/** What the server certificate must name. */
export interface CertNames {
  dns: string[];
  ips: string[];
}

/** The names other devices may use for this machine: its host name, and `<name>.local` (mDNS) for a bare one. */
export function machineNames(hostname = os.hostname()): string[] {
  const host = hostname.toLowerCase();
  if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(host)) return [];
  return host.includes('.') ? [host] : [host, `${host}.local`];
}

/**
 * localhost, *.localhost, 127.0.0.1, ::1, the machine's names and its current LAN addresses,
 * sorted so two lists compare equal.
 */
export function certificateNames(hostname = os.hostname(), interfaces = os.networkInterfaces()): CertNames {
  const dns = new Set(['localhost', '*.localhost', ...machineNames(hostname)]);
  const ips = new Set(['127.0.0.1', '::1', ...lanAddresses(interfaces)]);
  return { dns: [...dns].sort(), ips: [...ips].sort() };
}

export function sameNames(a: CertNames, b: CertNames): boolean {
  return a.dns.join() === b.dns.join() && a.ips.join() === b.ips.join();
}
