import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes, webcrypto } from 'node:crypto';
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
 * temporary file with an unpredictable name, created anew (never an existing file, never through
 * a symlink) with the final mode (0600 for keys), renamed over the target.
 */
export async function writeAtomic(file: string, text: string, mode: number): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(8).toString('hex')}.tmp`);
  const { O_CREAT, O_EXCL, O_WRONLY, O_NOFOLLOW = 0 } = fs.constants;
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(temp, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW, mode);
    await handle.writeFile(text);
    await handle.chmod(mode); // the umask may have narrowed it
    await handle.close();
    handle = undefined;
    await fs.promises.rename(temp, file);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await fs.promises.rm(temp, { force: true });
    throw new TlsConfigError(file, `cannot write it: ${(err as Error).message}`);
  }
}

/** Facts about the process that private-file checks need, injectable so other systems can be tested. */
export interface Owner {
  platform: NodeJS.Platform;
  uid: number | undefined;
}

export const CURRENT_OWNER: Owner = { platform: process.platform, uid: process.getuid?.() };

/**
 * Refuses a private key (or the folder that holds one) that others could read, write or swap,
 * as OpenSSH does: a symlink, not a regular file, owned by another user, or with group or other
 * permission bits. A key others could read may have been copied already: it is not repaired
 * silently; the message says how to fix it, or to make a new CA. (On Windows, file modes say
 * nothing: the user's profile folder and its ACLs protect it.)
 */
export async function checkPrivate(file: string, kind: 'key' | 'folder', owner: Owner = CURRENT_OWNER): Promise<void> {
  let st: fs.Stats;
  try {
    st = await fs.promises.lstat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new TlsConfigError(file, (err as Error).message);
  }
  if (kind === 'key' && st.isSymbolicLink())
    throw new TlsConfigError(file, 'it is a symbolic link; a private key must be a file of its own');
  if (kind === 'key' && !st.isFile()) throw new TlsConfigError(file, 'it is not a regular file');
  if (owner.platform === 'win32') return;
  if (owner.uid !== undefined && st.uid !== owner.uid) {
    throw new TlsConfigError(file, `it belongs to another user (uid ${st.uid}); the CA must be yours alone`);
  }
  const loose = kind === 'key' ? st.mode & 0o077 : st.mode & 0o022;
  if (loose !== 0) {
    const mode = (st.mode & 0o777).toString(8).padStart(3, '0');
    throw new TlsConfigError(
      file,
      kind === 'key'
        ? `others can ${st.mode & 0o066 ? 'read or write' : 'use'} it (mode ${mode}): anyone who copied it can sign certificates your browsers trust. ` +
            `If only you could reach it, run: chmod 600 '${file}'; otherwise move the folder away to make a new CA, and trust that one`
        : `others can write to it (mode ${mode}) and could replace the CA's files. Run: chmod 700 '${file}'`,
    );
  }
}

/** Reads a PEM file, or undefined when it does not exist; any other failure names the file. */
export async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await fs.promises.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new TlsConfigError(
      file,
      code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (err as Error).message,
    );
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
    const reason =
      e.code === 'EEXIST' || e.code === 'ENOTDIR'
        ? 'it is not a folder'
        : e.code === 'EACCES' || e.code === 'EPERM'
          ? 'permission denied'
          : e.message;
    throw new TlsConfigError(
      dir,
      `the Ferrox folder for certificates cannot be used: ${reason} (set FERROX_HOME to another folder)`,
    );
  }
}
