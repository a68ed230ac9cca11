import * as net from 'node:net';

/** A loopback port nothing listens on right now (the OS picks it). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const port = (probe.address() as net.AddressInfo).port;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Resolves true once 127.0.0.1:`port` accepts a connection, or false after `timeoutMs` or once
 * `signal` aborts (the command ended first): no probe outlives the wait.
 */
export function waitForPort(port: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const attempt = () => {
      if (signal?.aborted) return resolve(false);
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() >= deadline || signal?.aborted) resolve(false);
        else timer = setTimeout(attempt, 100);
      });
    };
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve(false);
      },
      { once: true },
    );
    attempt();
  });
}
