import { stderr } from './streams';
import { localCertificate, trustInstructions, type ServerOptions } from '../core';

/**
 * `--https` without certificate files: the user's local CA issues one for this machine. The first
 * time the CA is made, stderr says where ca.pem is and how to trust it (once per CA, never again).
 */
export async function localTlsOptions(announce: boolean): Promise<ServerOptions['tls']> {
  const made = await localCertificate();
  if (made.caCreated && announce) {
    stderr.write(
      [
        `ferrox: created a local certificate authority for HTTPS: ${made.caFile}`,
        'ferrox: browsers show https://localhost as secure once they trust it. To trust it:',
        ...trustInstructions(made.caFile).map((line) => `  ${line}`),
        '',
      ].join('\n'),
    );
  }
  return { cert: made.cert, key: made.key, ca: made.caFile };
}
