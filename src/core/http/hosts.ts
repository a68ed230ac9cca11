import type { IncomingMessage } from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import type { TLSSocket } from 'node:tls';
import { hostOf } from './respond';

/**
 * Decides which Host headers a server accepts, so a page on another site cannot reach it
 * through DNS rebinding. Built once per configuration; `allows` runs per request.
 */
export class HostPolicy {
  private readonly exact = new Set<string>();
  private readonly suffixes: string[] = ['.localhost'];

  constructor(boundHost: string, allowedHosts: readonly string[]) {
    this.exact.add('localhost');
    const bound = normalise(boundHost);
    if (bound !== '' && !isWildcardAddress(bound)) this.exact.add(bound);
    for (const h of allowedHosts) {
      if (h.startsWith('*.')) this.suffixes.push(h.slice(1));
      else this.exact.add(normalise(h));
    }
  }

  /** `host` is the raw Host header (may carry a port or IPv6 brackets); undefined is allowed (HTTP/1.0). */
  allows(host: string | undefined): boolean {
    if (host === undefined) return true;
    const name = hostName(host);
    if (name === undefined) return false;
    if (net.isIP(name) !== 0) return true;
    if (this.exact.has(name)) return true;
    return this.suffixes.some((s) => name.endsWith(s) && name.length > s.length);
  }
}

/** Extracts the lower-cased name from a Host header value, or undefined if it is malformed. */
export function hostName(host: string): string | undefined {
  const value = host.trim().toLowerCase();
  if (value.startsWith('[')) {
    const close = value.indexOf(']');
    if (close === -1) return undefined;
    const rest = value.slice(close + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return undefined;
    return value.slice(1, close);
  }
  const m = /^([^:]*)(?::\d{1,5})?$/.exec(value);
  if (!m || m[1] === '') return undefined;
  return normalise(m[1]);
}

function normalise(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
}

/** Bound to every interface (0.0.0.0 or ::): the network can reach the server. */
export function isWildcardAddress(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}

/** The host to put in a URL: wildcard binds are reached through loopback; IPv6 needs brackets. */
export function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return net.isIPv6(host) ? `[${host}]` : host;
}

/**
 * Whether a request comes from this machine, with nothing in between: a loopback socket, a Host
 * that names this machine by a loopback name (`localhost`, `*.localhost`, `127.x.y.z`, `[::1]`),
 * and no sign of a hop. Something in between keeps the socket loopback whoever sent the request:
 * a reverse proxy or a forwarded port adds `Forwarded`, `X-Forwarded-For` or `X-Real-IP`, or
 * passes on the public name the client used (code-server's `/proxy/`, a Codespaces or dev-tunnel
 * address); and while a proxy is trusted to stand in front (`trustProxy`), every request came
 * through it. Such requests count as remote.
 */
export function fromThisMachine(req: IncomingMessage, trustProxy: boolean): boolean {
  if (trustProxy) return false;
  const h = req.headers;
  if (h.forwarded !== undefined || h['x-forwarded-for'] !== undefined || h['x-real-ip'] !== undefined) return false;
  const name = hostName(String(h.host ?? h[':authority'] ?? ''));
  const loopbackName =
    name !== undefined && (name === 'localhost' || name.endsWith('.localhost') || isLoopbackAddress(name));
  return loopbackName && isLoopbackAddress(req.socket?.remoteAddress);
}

/** Whether a socket's remote address is this machine (IPv4, IPv6, or IPv4 mapped into IPv6). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}

/**
 * This machine's addresses on its networks, IPv4 first: no loopback, and no link-local IPv6,
 * whose zone a URL or certificate cannot carry.
 */
export function lanAddresses(interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces()): string[] {
  const out: string[] = [];
  for (const list of Object.values(interfaces)) {
    for (const info of list ?? []) {
      if (info.internal || (info.family === 'IPv6' && /^fe80:/i.test(info.address)) || !net.isIP(info.address))
        continue;
      out.push(info.address);
    }
  }
  return out.sort((a, b) => Number(net.isIPv6(a)) - Number(net.isIPv6(b)));
}

/**
 * Whether a browser sent this from a page of another origin: Sec-Fetch-Site says so where
 * browsers send it; otherwise an Origin header that names another host than the request's.
 */
export function crossOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'cross-site' || site === 'same-site';
  const origin = req.headers.origin;
  if (origin === undefined || origin === 'null') return origin === 'null';
  const scheme = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
  return origin !== `${scheme}://${hostOf(req)}`;
}
