/** The errors of binding a listener, for hosts to tell apart by class (or `code`), never by message. */

/** The requested port (and every fallback port tried) was already taken. */
export class PortInUseError extends Error {
  readonly code = 'EADDRINUSE';
  constructor(
    readonly host: string,
    readonly port: number,
    readonly triedPorts: readonly number[],
  ) {
    const tried = triedPorts.length > 1 ? ` (also tried ${triedPorts.slice(1).join(', ')})` : '';
    super(`Port ${port} on ${host} is already in use${tried}`);
    this.name = 'PortInUseError';
  }
}

/** Any other listen failure (EACCES on a privileged port, EADDRNOTAVAIL for a foreign address, …). */
export class ListenError extends Error {
  readonly code = 'FERROX_LISTEN';
  constructor(
    readonly host: string,
    readonly port: number,
    readonly cause: NodeJS.ErrnoException,
  ) {
    super(`Cannot listen on ${host}:${port}: ${describeListenError(cause)}`);
    this.name = 'ListenError';
  }
}

function describeListenError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'EACCES':
      return 'permission denied (ports below 1024 need privileges)';
    case 'EADDRNOTAVAIL':
      return 'that address does not belong to this machine';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name does not resolve';
    default:
      return err.message;
  }
}
