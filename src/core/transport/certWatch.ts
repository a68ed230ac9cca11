import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Http2SecureServer } from 'node:http2';
import type * as https from 'node:https';
import type { Diagnose } from './listeners';
import type { TlsOptions } from '../config';
import { loadTlsMaterial, TLS_POLICY } from './tlsMaterial';

/** Editors and tools replace certificates in several steps: wait for them to settle. */
const SETTLE_MS = 200;

export interface CertWatch {
  close(): void;
}

/**
 * Watches the certificate and key files while serving. When they change (renewed by mkcert,
 * certbot or Ferrox's own CA), the checked new pair is used for new connections through
 * setSecureContext; connections already open keep theirs. A broken pair is reported and the
 * running certificate kept.
 */
export function watchCertificates(
  server: https.Server | Http2SecureServer,
  files: TlsOptions,
  diagnose: Diagnose,
): CertWatch {
  const names = new Set([path.resolve(files.cert), path.resolve(files.key)]);
  const folders = new Set([...names].map((f) => path.dirname(f)));
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const reload = async () => {
    try {
      const material = await loadTlsMaterial(files);
      if (closed) return;
      server.setSecureContext({ ...TLS_POLICY, cert: material.cert, key: material.key });
      diagnose('debug', `TLS certificate reloaded from ${files.cert}`);
    } catch (err) {
      if (!closed) diagnose('warning', `Kept the running TLS certificate: ${(err as Error).message}`, err as Error);
    }
  };
  const watchers = [...folders].map((folder) => {
    const w = fs.watch(folder, (_event, name) => {
      if (name !== null && !names.has(path.join(folder, name.toString()))) return;
      clearTimeout(timer);
      timer = setTimeout(() => void reload(), SETTLE_MS);
    });
    w.on('error', (err) =>
      diagnose('warning', `Stopped watching ${folder} for certificate changes: ${err.message}`, err),
    );
    return w;
  });
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
