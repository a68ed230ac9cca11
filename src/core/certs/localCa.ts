import * as path from 'node:path';
import { webcrypto } from 'node:crypto';
import type { X509Certificate } from '@peculiar/x509';
import { TlsConfigError } from './certError';
import { nameConstraintsExtension } from './constraints';
import {
  checkPrivate,
  CURRENT_OWNER,
  ensureFolder,
  pemBody,
  privateKeyPem,
  readIfPresent,
  writeAtomic,
  type Owner,
} from './pem';
import { ALGORITHM, newKeyPair, serialNumber, x509 } from './x509';

export const CA_NAME = 'Ferrox development CA';
/**
 * Five years: half of what mkcert gives. A stolen key stops being useful sooner, and as the CA
 * can sign only local names and private addresses (constraints.ts), re-trusting every device more
 * often than that would cost more than it protects.
 */
const CA_YEARS = 5;

/** The user's local certificate authority. */
export interface LocalCa {
  /** `ca.pem`: the file users trust. */
  certFile: string;
  cert: X509Certificate;
  privateKey: webcrypto.CryptoKey;
  /** True when this call created it (the host then says how to trust it). */
  created: boolean;
}

/**
 * Loads the CA from `home`, or creates it there when neither of its files exists. An existing
 * CA is never replaced: a half-present, unreadable or mismatched pair is an error that names the
 * file, because re-creating it would silently break every device that trusts the old one.
 */
export async function loadOrCreateCa(
  home: string,
  now = new Date(),
  owner: Owner = CURRENT_OWNER,
  hostname?: string,
): Promise<LocalCa> {
  await ensureFolder(home);
  const certFile = path.join(home, 'ca.pem');
  const keyFile = path.join(home, 'ca-key.pem');
  // Before reading anything: a folder or key others can reach is refused, not used.
  await checkPrivate(home, 'folder', owner);
  await checkPrivate(keyFile, 'key', owner);
  const [certPem, keyPem] = await Promise.all([readIfPresent(certFile), readIfPresent(keyFile)]);
  if (certPem === undefined && keyPem === undefined) return createCa(certFile, keyFile, now, hostname);
  if (certPem === undefined)
    throw new TlsConfigError(
      certFile,
      `it is missing while ${keyFile} exists; restore it, or move both away to create a new CA`,
    );
  if (keyPem === undefined)
    throw new TlsConfigError(
      keyFile,
      `it is missing while ${certFile} exists; restore it, or move both away to create a new CA`,
    );
  const ca = await parseCa(certFile, certPem, keyFile, keyPem);
  if (ca.cert.notAfter <= now) {
    throw new TlsConfigError(
      certFile,
      `the local CA expired on ${ca.cert.notAfter.toISOString().slice(0, 10)}. Move ca.pem and ca-key.pem ` +
        `out of ${home} to make a new one, then trust the new ca.pem (and remove the old one) everywhere you trusted it`,
    );
  }
  return { certFile, ...ca, created: false };
}

async function createCa(certFile: string, keyFile: string, now: Date, hostname?: string): Promise<LocalCa> {
  const lib = await x509();
  const keys = await newKeyPair();
  const notAfter = new Date(now);
  notAfter.setFullYear(notAfter.getFullYear() + CA_YEARS);
  const cert = await lib.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: [
      { CN: [CA_NAME] },
      { O: ['Ferrox'] },
      { OU: [`${process.env.USER ?? process.env.USERNAME ?? 'user'} local development`] },
    ],
    notBefore: new Date(now.getTime() - 60_000),
    notAfter,
    signingAlgorithm: ALGORITHM,
    keys,
    extensions: [
      new lib.BasicConstraintsExtension(true, 0, true),
      new lib.KeyUsagesExtension(lib.KeyUsageFlags.keyCertSign | lib.KeyUsageFlags.cRLSign, true),
      await lib.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await nameConstraintsExtension(hostname),
    ],
  });
  // The key first: a certificate without its key would block the next start.
  await writeAtomic(keyFile, await privateKeyPem(keys.privateKey), 0o600);
  await writeAtomic(certFile, cert.toString('pem') + '\n', 0o644);
  return { certFile, cert, privateKey: keys.privateKey, created: true };
}

async function parseCa(
  certFile: string,
  certPem: string,
  keyFile: string,
  keyPem: string,
): Promise<Omit<LocalCa, 'certFile' | 'created'>> {
  const lib = await x509();
  let cert: X509Certificate;
  try {
    cert = new lib.X509Certificate(certPem);
  } catch (err) {
    throw new TlsConfigError(certFile, `it is not a PEM certificate (${(err as Error).message})`);
  }
  const der = pemBody(keyPem, 'PRIVATE KEY');
  if (!der) throw new TlsConfigError(keyFile, 'it is not a PEM private key in PKCS#8 form');
  let privateKey: webcrypto.CryptoKey;
  try {
    privateKey = await webcrypto.subtle.importKey('pkcs8', der, ALGORITHM, true, ['sign']);
  } catch (err) {
    throw new TlsConfigError(keyFile, `it is not an ECDSA P-256 private key (${(err as Error).message})`);
  }
  if (!(await keyMatches(privateKey, cert)))
    throw new TlsConfigError(keyFile, `this key does not belong to the CA certificate ${certFile}`);
  return { cert, privateKey };
}

/** Signs a probe with the key and verifies it with the certificate's public key. */
async function keyMatches(privateKey: webcrypto.CryptoKey, cert: X509Certificate): Promise<boolean> {
  try {
    const probe = Buffer.from('ferrox key check');
    const signature = await webcrypto.subtle.sign(ALGORITHM, privateKey, probe);
    const publicKey = await cert.publicKey.export(ALGORITHM, ['verify'], webcrypto as unknown as Crypto);
    return await webcrypto.subtle.verify(ALGORITHM, publicKey as webcrypto.CryptoKey, signature, probe);
  } catch {
    return false;
  }
}
