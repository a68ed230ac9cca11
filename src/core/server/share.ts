import * as net from 'node:net';
import * as os from 'node:os';
import { renderSVG } from 'uqr';
import type { ServerOptions } from './options';

/**
 * The options of a server shared on the local network: all interfaces unless a host was chosen,
 * every request needing `token`, and the machine's host name accepted besides its addresses.
 */
export function shareOptions(options: ServerOptions, token: string, hostname = os.hostname()): ServerOptions {
  const name = hostname.toLowerCase();
  const names = /^[a-z0-9.-]+$/.test(name) ? [name, ...(name.includes('.') ? [] : [`${name}.local`])] : [];
  return { ...options, host: options.host ?? '0.0.0.0', accessToken: token, allowedHosts: [...(options.allowedHosts ?? []), ...names] };
}

/** The links other devices on the network can open (with the token), IPv4 first. */
export function lanUrls(localUrl: string, boundHost: string, token: string, interfaces = os.networkInterfaces()): string[] {
  const url = new URL(localUrl);
  return lanAddresses(boundHost, interfaces).map((a) => `${url.protocol}//${net.isIPv6(a) ? `[${a}]` : a}:${url.port}/?token=${token}`);
}

function lanAddresses(boundHost: string, interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]>): string[] {
  if (boundHost !== '0.0.0.0' && boundHost !== '::') {
    return net.isIP(boundHost) && !boundHost.startsWith('127.') && boundHost !== '::1' ? [boundHost] : [];
  }
  const out: string[] = [];
  for (const list of Object.values(interfaces)) {
    for (const info of list ?? []) {
      // Link-local IPv6 needs a zone a URL cannot carry; a 0.0.0.0 bind takes no IPv6 at all.
      if (info.internal || (info.family === 'IPv6' && (boundHost === '0.0.0.0' || /^fe80:/i.test(info.address)))) continue;
      out.push(info.address);
    }
  }
  return out.sort((a, b) => Number(net.isIPv6(a)) - Number(net.isIPv6(b)));
}

/**
 * A QR code of `text` as SVG, dark modules on white (what phone cameras read best whatever the
 * editor's theme). In the core, which the extension loads only to serve, so its activation
 * bundle does not carry the encoder.
 */
export function qrCodeSvg(text: string): string {
  return renderSVG(text, { border: 2, pixelSize: 6, whiteColor: '#ffffff', blackColor: '#000000' });
}
