import * as os from 'node:os';
import { ferroxHome } from './home';
import { loadOrCreateCa } from './localCa';
import { certificateNames, type CertNames } from './names';
import { ensureServerCertificate } from './serverCert';

/** HTTPS material from the user's local CA: PEM file paths for the server's `tls` option. */
export interface LocalCertificate {
  cert: string;
  key: string;
  /** `ca.pem`, the file to trust. */
  caFile: string;
  /** The CA was made by this call: say where it is and how to trust it. */
  caCreated: boolean;
  /** The server certificate was (re)issued by this call. */
  issued: boolean;
}

/**
 * Ensures the local CA (created once, never replaced) and a current server certificate for this
 * machine's names, in the user's Ferrox folder. Errors are TlsConfigErrors naming the file.
 */
export async function localCertificate(
  home = ferroxHome(),
  names: CertNames = certificateNames(),
  now = new Date(),
  hostname = os.hostname(),
): Promise<LocalCertificate> {
  const ca = await loadOrCreateCa(home, now, undefined, hostname);
  const server = await ensureServerCertificate(home, ca, names, now);
  return {
    cert: server.certFile,
    key: server.keyFile,
    caFile: ca.certFile,
    caCreated: ca.created,
    issued: server.issued,
  };
}
