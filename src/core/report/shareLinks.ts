import * as net from 'node:net';
import * as os from 'node:os';
import { renderSVG } from 'uqr';
import { lanAddresses } from '../http';
import { shareCandidates } from '../reach';

/**
 * The links other devices on the network can open (with the token, when shared), IPv4 first, in
 * the order reach/ ranks their interfaces (Wi-Fi and Ethernet before a VPN's, Docker's, WSL's or
 * a virtual adapter's), so the first link, the one the QR code holds, is the one a phone can use.
 */
export function lanUrls(
  localUrl: string,
  boundHost: string,
  token?: string,
  interfaces = os.networkInterfaces(),
  preferred?: string,
): string[] {
  const url = new URL(localUrl);
  const query = token === undefined ? '' : `?token=${token}`;
  return reachable(boundHost, interfaces, preferred).map(
    (a) => `${url.protocol}//${net.isIPv6(a) ? `[${a}]` : a}:${url.port}/${query}`,
  );
}

/** The addresses a server bound to `boundHost` answers on from the network (a 0.0.0.0 bind takes no IPv6). */
function reachable(
  boundHost: string,
  interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]>,
  preferred?: string,
): string[] {
  if (boundHost === '0.0.0.0') {
    // The address asked for (`shareAddress`) first, then the rest as reach/ ranks them.
    const { chosen, candidates } = shareCandidates(interfaces, preferred);
    const ranked = [chosen?.address, ...candidates.map((c) => c.address)];
    return lanAddresses(interfaces)
      .filter((a) => net.isIPv4(a))
      .sort((a, b) => ranked.indexOf(a) - ranked.indexOf(b));
  }
  if (boundHost === '::') return lanAddresses(interfaces);
  return net.isIP(boundHost) && !boundHost.startsWith('127.') && boundHost !== '::1' ? [boundHost] : [];
}

/**
 * A QR code of `text` as SVG, dark modules on white (what phone cameras read best whatever the
 * editor's theme). In the core, which the extension loads only to serve, so its activation
 * bundle does not carry the encoder.
 */
export function qrCodeSvg(text: string): string {
  return renderSVG(text, { border: 2, pixelSize: 6, whiteColor: '#ffffff', blackColor: '#000000' });
}
