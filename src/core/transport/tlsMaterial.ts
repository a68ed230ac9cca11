import * as fs from 'node:fs';
import * as tls from 'node:tls';
import { TlsConfigError } from '../certs';
import type { TlsOptions } from '../config';

export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
}

/**
 * TLS 1.2 at least, and for TLS 1.2 only forward-secret AEAD suites (ECDHE with GCM or
 * ChaCha20): no static-RSA key exchange, no CBC. TLS 1.3 suites are all of that already.
 */
export const TLS_POLICY = {
  minVersion: 'TLSv1.2',
  ciphers: [
    'TLS_AES_128_GCM_SHA256',
    'TLS_AES_256_GCM_SHA384',
    'TLS_CHACHA20_POLY1305_SHA256',
    'ECDHE-ECDSA-AES128-GCM-SHA256',
    'ECDHE-RSA-AES128-GCM-SHA256',
    'ECDHE-ECDSA-AES256-GCM-SHA384',
    'ECDHE-RSA-AES256-GCM-SHA384',
    'ECDHE-ECDSA-CHACHA20-POLY1305',
    'ECDHE-RSA-CHACHA20-POLY1305',
  ].join(':'),
  honorCipherOrder: true,
} as const;

/**
 * Reads and checks the PEM files. Each failure names the file at fault and why, so a user can
 * fix the right setting: missing file, unreadable, not PEM, unparsable, or a key that does not
 * belong to the certificate.
 */
export async function loadTlsMaterial(options: TlsOptions): Promise<TlsMaterial> {
  const [cert, key] = await Promise.all([readPem(options.cert, 'certificate'), readPem(options.key, 'private key')]);
  attempt(options.cert, () => tls.createSecureContext({ cert }), 'is not a valid PEM certificate');
  attempt(options.key, () => tls.createSecureContext({ key }), 'is not a valid PEM private key (or it is encrypted)');
  attempt(
    undefined,
    () => tls.createSecureContext({ cert, key }),
    `the private key ${options.key} does not belong to the certificate ${options.cert}`,
  );
  return { cert, key };
}

async function readPem(file: string, what: string): Promise<Buffer> {
  let data: Buffer;
  try {
    data = await fs.promises.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a folder, not a file'
            : (err as Error).message;
    throw new TlsConfigError(file, `${reason} (expected a PEM ${what})`);
  }
  if (!data.includes('-----BEGIN')) throw new TlsConfigError(file, `not a PEM file (expected a PEM ${what})`);
  return data;
}

function attempt(file: string | undefined, fn: () => unknown, reason: string): void {
  try {
    fn();
  } catch (err) {
    throw new TlsConfigError(file, `${reason}: ${(err as Error).message}`);
  }
}
