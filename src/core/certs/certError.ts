/** A TLS certificate, key or CA folder could not be used. The message names the file and the reason. */
export class TlsConfigError extends Error {
  readonly code = 'FERROX_TLS';
  constructor(
    readonly file: string | undefined,
    reason: string,
  ) {
    super(file ? `TLS: cannot use ${file}: ${reason}` : `TLS: ${reason}`);
    this.name = 'TlsConfigError';
  }
}
