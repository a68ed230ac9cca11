import * as path from 'node:path';
import { webcrypto } from 'node:crypto';
import type { X509Certificate } from '@peculiar/x509';
import { permittedBy, withinPermitted } from './constraints';
import type { LocalCa } from './localCa';
import { sameNames, type CertNames } from './names';
import { privateKeyPem, readIfPresent, writeAtomic } from './pem';
import { ALGORITHM, newKeyPair, serialNumber, x509 } from './x509';

/** Re-issued this long before it expires. */
const RENEW_BEFORE_MS = 30 * 86_400_000;
/** Valid this long: the most browsers accept for a server certificate. */
const VALID_MS = 397 * 86_400_000;

export interface ServerCertificate {
  certFile: string;
  keyFile: string;
  /** True when this call issued a new one. */
  issued: boolean;
  notAfter: Date;
}

/**
 * The server certificate in `home` for `names`, signed by `ca`. It is re-issued when the names
 * changed (a new LAN address), when it expires within 30 days, when it was not signed by this
 * CA, or when its files are missing or unreadable; otherwise the same files are used again.
 */
export async function ensureServerCertificate(
  home: string,
  ca: LocalCa,
  wanted: CertNames,
  now = new Date(),
): Promise<ServerCertificate> {
  // A constrained CA's certificate may name only what the CA permits (a public address would
  // make browsers refuse it whole); a CA made before constraints signs for every name, as then.
  const permitted = await permittedBy(ca.cert);
  const names = permitted ? withinPermitted(wanted, permitted) : wanted;
  const certFile = path.join(home, 'localhost.pem');
  const keyFile = path.join(home, 'localhost-key.pem');
  const current = await readCurrent(certFile, keyFile);
  if (current && (await stillGood(current, ca, names, now)))
    return { certFile, keyFile, issued: false, notAfter: current.notAfter };
  const lib = await x509();
  const keys = await newKeyPair();
  const notAfter = new Date(Math.min(now.getTime() + VALID_MS, ca.cert.notAfter.getTime()));
  const cert = await lib.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: [{ CN: ['localhost'] }, { O: ['Ferrox development certificate'] }],
    issuer: ca.cert.subject,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter,
    signingAlgorithm: ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: ca.privateKey,
    extensions: [
      new lib.BasicConstraintsExtension(false, undefined, true),
      new lib.KeyUsagesExtension(lib.KeyUsageFlags.digitalSignature, true),
      new lib.ExtendedKeyUsageExtension([lib.ExtendedKeyUsage.serverAuth], false),
      new lib.SubjectAlternativeNameExtension(
        [
          ...names.dns.map((value) => ({ type: 'dns' as const, value })),
          ...names.ips.map((value) => ({ type: 'ip' as const, value })),
        ],
        false,
      ),
      await lib.AuthorityKeyIdentifierExtension.create(ca.cert, false),
    ],
  });
  await writeAtomic(keyFile, await privateKeyPem(keys.privateKey), 0o600);
  await writeAtomic(certFile, cert.toString('pem') + '\n', 0o644);
  return { certFile, keyFile, issued: true, notAfter };
}

async function readCurrent(certFile: string, keyFile: string): Promise<X509Certificate | undefined> {
  try {
    const [pem, key] = await Promise.all([readIfPresent(certFile), readIfPresent(keyFile)]);
    if (!pem || !key) return undefined;
    return new (await x509()).X509Certificate(pem);
  } catch {
    return undefined; // unreadable or not a certificate: a new one replaces it
  }
}

async function stillGood(cert: X509Certificate, ca: LocalCa, names: CertNames, now: Date): Promise<boolean> {
  if (cert.notAfter.getTime() - now.getTime() < RENEW_BEFORE_MS || cert.notBefore > now) return false;
  if (!sameNames(namesOf(cert), names)) return false;
  try {
    return await cert.verify({ publicKey: ca.cert.publicKey, signatureOnly: true }, webcrypto as unknown as Crypto);
  } catch {
    return false;
  }
}

/** The names a certificate holds, in the form certificateNames() gives. */
export function namesOf(cert: X509Certificate): CertNames {
  const dns: string[] = [];
  const ips: string[] = [];
  const san = cert.extensions.find((e) => e.type === '2.5.29.17') as
    { names?: { items: { type: string; value: string }[] } } | undefined;
  for (const item of san?.names?.items ?? []) {
    if (item.type === 'dns') dns.push(item.value);
    else if (item.type === 'ip') ips.push(item.value);
  }
  return { dns: dns.sort(), ips: ips.sort() };
}
