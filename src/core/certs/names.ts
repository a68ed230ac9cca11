import * as net from 'node:net';
import * as os from 'node:os';

/** What the server certificate must name. */
export interface CertNames {
  dns: string[];
  ips: string[];
}

/**
 * localhost, *.localhost, 127.0.0.1, ::1, the machine's host name and its current LAN addresses
 * (link-local IPv6 left out: a URL cannot carry its zone), sorted so two lists compare equal.
 */
export function certificateNames(
  hostname = os.hostname(),
  interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces(),
): CertNames {
  const dns = new Set(['localhost', '*.localhost']);
  const host = hostname.toLowerCase();
  if (/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(host)) {
    dns.add(host);
    if (!host.includes('.')) dns.add(`${host}.local`);
  }
  const ips = new Set(['127.0.0.1', '::1']);
  for (const list of Object.values(interfaces)) {
    for (const info of list ?? []) {
      if (info.internal || (info.family === 'IPv6' && /^fe80:/i.test(info.address))) continue;
      if (net.isIP(info.address)) ips.add(info.address);
    }
  }
  return { dns: [...dns].sort(), ips: [...ips].sort() };
}

export function sameNames(a: CertNames, b: CertNames): boolean {
  return a.dns.join() === b.dns.join() && a.ips.join() === b.ips.join();
}
