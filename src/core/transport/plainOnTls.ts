import type * as http from 'node:http';
import type * as net from 'node:net';
import type { Listener } from './listeners';

/** The first byte of every TLS connection: a handshake record. */
const TLS_HANDSHAKE = 0x16;

/**
 * Lets a TLS listener answer plain HTTP sent to its port (`http://` typed for an `https://`
 * server), which would otherwise get a connection closed with no answer: the first byte of each
 * connection is looked at, and a connection that does not open with a TLS handshake goes to
 * `plain` instead (redirect.ts, `'same'`). A connection that sends nothing is closed after
 * `timeoutMs`, as an unfinished request would be.
 */
export function answerPlainHttpOnTls(server: Listener, plain: http.Server, timeoutMs: number): void {
  // The TLS server's own listener, which starts the handshake: taken off, and called for TLS alone.
  const tlsListeners = server.listeners('connection') as ((socket: net.Socket) => void)[];
  server.removeAllListeners('connection');
  server.on('connection', (socket: net.Socket) => {
    socket.setTimeout(timeoutMs, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    socket.once('data', (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      if (first[0] === TLS_HANDSHAKE) {
        socket.setTimeout(0);
        for (const listener of tlsListeners) listener.call(server, socket);
      } else plain.emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });
}
