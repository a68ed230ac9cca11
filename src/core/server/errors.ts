/** Typed errors the core raises, so hosts can react without parsing messages. */
export { TlsConfigError } from '../certs';

/** One or more options were invalid. Each problem names the option and the bad value. */
export class OptionsError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'OptionsError';
    this.problems = problems;
  }
}

/** The requested port (and every fallback port tried) was already taken. */
export class PortInUseError extends Error {
  readonly code = 'EADDRINUSE';
  constructor(readonly host: string, readonly port: number, readonly triedPorts: readonly number[]) {
    const tried = triedPorts.length > 1 ? ` (also tried ${triedPorts.slice(1).join(', ')})` : '';
    super(`Port ${port} on ${host} is already in use${tried}`);
    this.name = 'PortInUseError';
  }
}

/** The folder to serve is missing or not a directory. */
export class RootError extends Error {
  constructor(readonly root: string, reason: string) {
    super(`Cannot serve ${root}: ${reason}`);
    this.name = 'RootError';
  }
}

/** Any other listen failure (EACCES on a privileged port, EADDRNOTAVAIL for a foreign address, …). */
export class ListenError extends Error {
  constructor(readonly host: string, readonly port: number, readonly cause: NodeJS.ErrnoException) {
    super(`Cannot listen on ${host}:${port}: ${describeListenError(cause)}`);
    this.name = 'ListenError';
  }
}

function describeListenError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'EACCES': return 'permission denied (ports below 1024 need privileges)';
    case 'EADDRNOTAVAIL': return 'that address does not belong to this machine';
    case 'ENOTFOUND': case 'EAI_AGAIN': return 'the host name does not resolve';
    default: return err.message;
  }
}
