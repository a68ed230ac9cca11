import * as net from 'node:net';
import * as os from 'node:os';
import { renderUnicodeCompact } from 'uqr';
import { newAccessToken, type ServerOptions } from './core';

/**
 * `--share`: serve to the local network with an access token. All interfaces unless --host says
 * otherwise; a new token each start (one for all --workers); the machine's host name accepted
 * as a Host besides its addresses.
 */
export function shareOptions(options: ServerOptions, workerToken: string | undefined): ServerOptions {
  const hostname = os.hostname().toLowerCase();
  const names = /^[a-z0-9.-]+$/.test(hostname) ? [hostname, ...(hostname.includes('.') ? [] : [`${hostname}.local`])] : [];
  return {
    ...options,
    host: options.host ?? '0.0.0.0',
    accessToken: workerToken ?? newAccessToken(),
    allowedHosts: [...(options.allowedHosts ?? []), ...names],
  };
}

/** The LAN URLs (with the token) a phone can open, then a QR code of the first when stdout is a terminal. */
export function shareLines(localUrl: string, boundHost: string, token: string, drawQr: boolean): string[] {
  const url = new URL(localUrl);
  const addresses = lanAddresses(boundHost);
  const urls = addresses.map((a) => `${url.protocol}//${net.isIPv6(a) ? `[${a}]` : a}:${url.port}/?token=${token}`);
  if (urls.length === 0) return ['  No network address found: only this machine can open the link.'];
  const lines = urls.map((u) => `  Network: ${u}`);
  if (drawQr) {
    lines.push('', `  Scan to open ${urls[0]}`, ...renderUnicodeCompact(urls[0], { border: 2 }).split('\n').map((l) => `  ${l}`), '');
  }
  return lines;
}

function lanAddresses(boundHost: string): string[] {
  const wildcard = boundHost === '0.0.0.0' || boundHost === '::';
  if (!wildcard) return net.isIP(boundHost) && !boundHost.startsWith('127.') && boundHost !== '::1' ? [boundHost] : [];
  const out: string[] = [];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const info of list ?? []) {
      if (info.internal || (info.family === 'IPv6' && (boundHost === '0.0.0.0' || /^fe80:/i.test(info.address)))) continue;
      out.push(info.address);
    }
  }
  // IPv4 first: it is what phones on a home network reach most reliably.
  return out.sort((a, b) => Number(net.isIPv6(a)) - Number(net.isIPv6(b)));
}
