import * as fs from 'node:fs';
import * as path from 'node:path';
import { webcrypto } from 'node:crypto';
import { TlsConfigError } from './certError';

/** A PKCS#8 private key as PEM. */
export async function privateKeyPem(key: webcrypto.CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key)).toString('base64');
  return `-----BEGIN PRIVATE KEY-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

/** The DER bytes of the first PEM block labelled `label`, or undefined. */
export function pemBody(pem: string, label: string): Buffer | undefined {
  const m = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(pem);
  return m ? Buffer.from(m[1].replace(/\s+/g, ''), 'base64') : undefined;
}

/**
 * Writes `text` so that readers see the old file or the new one, never half of either: a
 * temporary file with the final mode (0600 for keys) renamed over the target.
 */
export async function writeAtomic(file: string, text: string, mode: number): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await fs.promises.writeFile(temp, text, { mode, flag: 'w' });
    await fs.promises.chmod(temp, mode); // the umask may have narrowed or the file existed
    await fs.promises.rename(temp, file);
  } catch (err) {
    await fs.promises.rm(temp, { force: true });
    throw new TlsConfigError(file, `cannot write it: ${(err as Error).message}`);
  }
}

/** Reads a PEM file, or undefined when it does not exist; any other failure names the file. */
export async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await fs.promises.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new TlsConfigError(file, code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (err as Error).message);
  }
}

/** Creates the Ferrox folder (0700), or says why it cannot be used. */
export async function ensureFolder(dir: string): Promise<void> {
  try {
    await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
    const st = await fs.promises.stat(dir);
    if (!st.isDirectory()) throw new Error('it is not a folder');
    await fs.promises.access(dir, fs.constants.W_OK | fs.constants.R_OK);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const reason = e.code === 'EEXIST' || e.code === 'ENOTDIR' ? 'it is not a folder'
      : e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.message;
    throw new TlsConfigError(dir, `the Ferrox folder for certificates cannot be used: ${reason} (set FERROX_HOME to another folder)`);
  }
}
