import * as net from 'node:net';
import type * as os from 'node:os';

/** What a network interface most likely is, by its name and address on each system. */
export type InterfaceKind = 'wifi' | 'ethernet' | 'vpn' | 'docker' | 'wsl' | 'virtual' | 'other';

/** An address a link could use, and why it was or was not chosen. */
export interface Candidate {
  name: string;
  address: string;
  kind: InterfaceKind;
  /** Why it is not the link's address by default (a VPN's, Docker's…); undefined for a LAN address. */
  skipped?: string;
}

const PATTERNS: [InterfaceKind, RegExp][] = [
  // WSL's virtual switch on Windows, and WSL's own side.
  ['wsl', /^vEthernet \(WSL|WSL/i],
  ['docker', /^(docker\d*|br-[0-9a-f]{6,}|veth|cni|flannel|vEthernet \(nat\)|vEthernet \(Default Switch\)|DockerNAT)/i],
  [
    'vpn',
    /^(tun\d*|tap\d*|utun\d*|wg\d*|ppp\d*|ipsec|tailscale|zt|ZeroTier|NordLynx|OpenVPN|WireGuard|TAP-Windows|Cisco AnyConnect|GlobalProtect|ProtonVPN|Mullvad|Tailscale)/i,
  ],
  [
    'virtual',
    /^(virbr|vboxnet|vmnet|VirtualBox|VMware|Hyper-V|bridge\d+|awdl|llw|anpi|ap\d|lxc|lxd|podman|vEthernet)/i,
  ],
  ['wifi', /^(wlan|wlp|wl|Wi-?Fi|Wireless|WLAN)/i],
  ['ethernet', /^(eth|enp|eno|ens|enx|en\d|Ethernet|LAN)/i],
];

/** Whether an IPv4 address lies in a.b.c.d/bits. */
function inCidr(address: string, base: string, bits: number): boolean {
  const n = (a: string) => a.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
  return Math.floor(n(address) / 2 ** (32 - bits)) === Math.floor(n(base) / 2 ** (32 - bits));
}

/** The kind of an interface, by its name first, then its address (Tailscale's 100.64/10, Docker's 172.17/16). */
export function interfaceKind(name: string, address: string): InterfaceKind {
  for (const [kind, pattern] of PATTERNS) if (pattern.test(name)) return kind;
  if (net.isIPv4(address)) {
    if (inCidr(address, '100.64.0.0', 10)) return 'vpn';
    if (inCidr(address, '172.17.0.0', 16)) return 'docker';
  }
  return 'other';
}

const SKIPPED: Partial<Record<InterfaceKind, string>> = {
  vpn: "a VPN's: devices on your Wi-Fi cannot reach it",
  docker: "Docker's (or a container network's): only containers reach it",
  wsl: "WSL's virtual switch: only this computer reaches it",
  virtual: "a virtual machine's or a local bridge's: devices on your network cannot reach it",
};

/**
 * The address a share link should name, and every candidate with why it was or was not chosen:
 * IPv4 LAN addresses of Wi-Fi and Ethernet first (private ranges before others), a VPN's,
 * Docker's, WSL's and virtual adapters' skipped unless nothing else is there, or `preferred`
 * (`--share-address`) names one.
 */
export function shareCandidates(
  interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]>,
  preferred?: string,
): { chosen: Candidate | undefined; candidates: Candidate[] } {
  const candidates: Candidate[] = [];
  for (const [name, list] of Object.entries(interfaces)) {
    for (const info of list ?? []) {
      if (info.internal || info.family !== 'IPv4' || info.address.startsWith('169.254.')) continue;
      const kind = interfaceKind(name, info.address);
      candidates.push({ name, address: info.address, kind, ...(SKIPPED[kind] ? { skipped: SKIPPED[kind] } : {}) });
    }
  }
  const rank = (c: Candidate) =>
    (c.skipped ? 10 : 0) + (c.kind === 'wifi' || c.kind === 'ethernet' ? 0 : 1) + (isPrivate(c.address) ? 0 : 2);
  candidates.sort((a, b) => rank(a) - rank(b));
  const asked =
    preferred !== undefined ? candidates.find((c) => c.address === preferred || c.name === preferred) : undefined;
  return { chosen: asked ?? candidates[0], candidates };
}

/** Why `preferred` (`--share-address`) cannot be used: it names none of this machine's addresses or interfaces; undefined when it can. */
export function shareAddressProblem(
  preferred: string | undefined,
  interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]>,
): string | undefined {
  if (preferred === undefined) return undefined;
  const { chosen, candidates } = shareCandidates(interfaces, preferred);
  if (candidates.some((c) => c.address === preferred || c.name === preferred)) return undefined;
  const known = candidates.map((c) => `${c.address} (${c.name})`).join(', ') || 'none';
  return `the share address ${preferred} is none of this machine's network addresses or interfaces (${known}): the link names ${chosen?.address ?? 'no address'} instead.`;
}

function isPrivate(address: string): boolean {
  return inCidr(address, '10.0.0.0', 8) || inCidr(address, '172.16.0.0', 12) || inCidr(address, '192.168.0.0', 16);
}
