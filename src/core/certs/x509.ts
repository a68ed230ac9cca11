import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { webcrypto } from 'node:crypto';

type X509 = typeof import('./x509Bundle');

const BUNDLE = 'x509-bundle.js';
let loaded: Promise<X509> | undefined;

/**
 * @peculiar/x509 (on WebCrypto, so ECDSA P-256, which node-forge cannot do), loaded on first use
 * from its own bundle beside the core's (dist/), or from dist/ four levels up when the tests run
 * from out/src/core/certs: only HTTPS with the local CA needs it.
 */
export function x509(): Promise<X509> {
  loaded ??= (async () => {
    const candidates = [path.join(__dirname, BUNDLE), path.join(__dirname, '..', '..', '..', '..', 'dist', BUNDLE)];
    const file = candidates.find((f) => fs.existsSync(f));
    if (!file) throw new Error(`HTTPS: cannot find ${BUNDLE} near ${__dirname}; run "npm run build"`);
    // A plain CommonJS require: a dynamic import() would wrap the module differently in the
    // bundle and in the tests' compiled output.
    const lib = createRequire(__filename)(file) as X509;
    lib.cryptoProvider.set(webcrypto as unknown as Crypto);
    return lib;
  })();
  return loaded;
}

/** Keys and signatures: ECDSA on P-256 with SHA-256, what mkcert and browsers use. */
export const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export function newKeyPair(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']) as Promise<webcrypto.CryptoKeyPair>;
}

/** A random positive serial number, as CAs must give (RFC 5280: unique, at most 20 bytes). */
export function serialNumber(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] &= 0x7f;
  return Buffer.from(bytes).toString('hex');
}
