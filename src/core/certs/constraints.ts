import * as net from 'node:net';
import type { X509Certificate } from '@peculiar/x509';
import { machineNames, type CertNames } from './names';
import { x509 } from './x509';

/**
 * What the local CA may sign for, written into it as name constraints (RFC 5280, critical):
 * local names and private addresses only. Browsers that trust the CA then refuse any
 * certificate it signs for a real site, so a stolen `ca-key.pem` cannot impersonate one.
 *
 * DNS: `localhost` (and every `*.localhost`), `local` (mDNS names, `<machine>.local`), and the
 * machine's own name when the CA was made, if it has a dot: a single-label name (`dev`, `app`,
 * `office`) may be a public top-level domain, and a constraint for it would let a stolen key sign
 * for every site under it, so such a machine is named by `<name>.local` alone. Addresses: loopback, the private ranges (RFC 1918),
 * link-local, carrier-grade NAT (100.64/10: Tailscale and similar), IPv6 loopback, unique-local
 * and link-local. A public address is never signed for.
 */
export const PERMITTED_IPS = [
  '127.0.0.0/8',
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '169.254.0.0/16',
  '100.64.0.0/10',
  '::1/128',
  'fc00::/7',
  'fe80::/10',
];

export function permittedDns(hostname?: string): string[] {
  const machine = machineNames(hostname).filter((n) => n.includes('.') && !n.endsWith('.local'));
  return [...new Set(['localhost', 'local', ...machine])];
}

/** The name-constraints extension for a new CA. */
export async function nameConstraintsExtension(hostname?: string): Promise<import('@peculiar/x509').Extension> {
  const lib = await x509();
  const subtree = (name: { dNSName?: string; iPAddress?: string }) =>
    new lib.GeneralSubtree({ base: new lib.AsnGeneralName(name) });
  const permitted = new lib.GeneralSubtrees([
    ...permittedDns(hostname).map((dNSName) => subtree({ dNSName })),
    ...PERMITTED_IPS.map((iPAddress) => subtree({ iPAddress })),
  ]);
  const value = lib.AsnConvert.serialize(new lib.NameConstraints({ permittedSubtrees: permitted }));
  return new lib.Extension(lib.id_ce_nameConstraints, true, value);
}

/** The names a constrained CA permits, as read back from its certificate; undefined when it has no constraints (a CA made before them). */
export async function permittedBy(ca: X509Certificate): Promise<{ dns: string[]; ips: net.BlockList } | undefined> {
  const lib = await x509();
  const ext = ca.extensions.find((e) => e.type === lib.id_ce_nameConstraints);
  if (!ext) return undefined;
  const parsed = lib.AsnConvert.parse(ext.value, lib.NameConstraints);
  const dns: string[] = [];
  const ips = new net.BlockList();
  for (const { base } of parsed.permittedSubtrees ?? []) {
    if (base.dNSName) dns.push(base.dNSName.toLowerCase());
    if (base.iPAddress) {
      const [address, prefix] = base.iPAddress.split('/');
      ips.addSubnet(address, Number(prefix), net.isIPv6(address) ? 'ipv6' : 'ipv4');
    }
  }
  return { dns, ips };
}

/** `names` without what `permitted` forbids: a certificate naming one forbidden name would be refused whole. */
export function withinPermitted(names: CertNames, permitted: { dns: string[]; ips: net.BlockList }): CertNames {
  const dnsOk = (name: string) => {
    const bare = name.replace(/^\*\./, '').toLowerCase();
    return permitted.dns.some((p) => bare === p || bare.endsWith(`.${p}`));
  };
  return {
    dns: names.dns.filter(dnsOk),
    ips: names.ips.filter((ip) => permitted.ips.check(ip, net.isIPv6(ip) ? 'ipv6' : 'ipv4')),
  };
}
