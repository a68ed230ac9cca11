import * as net from 'node:net';
import { lanAddresses } from '../http';

/** How long a connection to one of this machine's own addresses may take: it never leaves the machine. */
const PROBE_MS = 500;

/**
 * The addresses of `addresses` (this machine's own on its networks) on which `port` accepts a
 * connection: where a backend that listens on every interface (`0.0.0.0`, `::`), meant for Ferrox
 * alone, is also reachable by other devices, around Ferrox (and so around the share token).
 */
export async function exposedOn(port: number, addresses: readonly string[] = lanAddresses()): Promise<string[]> {
  const answers = await Promise.all(addresses.map((address) => accepts(address, port)));
  return addresses.filter((_, i) => answers[i]);
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(PROBE_MS, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * How to make a command listen on loopback alone, in the words of the tool it runs: PHP's built-in
 * server, Flask, Django, uvicorn, gunicorn, Rails, Vite; otherwise the `$HOST` Ferrox sets.
 */
export function loopbackFix(command: string): string {
  const words = command.trim().split(/\s+/);
  const program =
    (words[0] ?? '')
      .replace(/^["']|["']$/g, '')
      .split(/[\\/]/)
      .pop() ?? '';
  const wildcard = /(?:0\.0\.0\.0|\[::\]|\*)(?=:)/;
  if (/^php/i.test(program) && words.includes('-S'))
    return 'Give php -S the address 127.0.0.1:{port} (not 0.0.0.0 or a network name).';
  if (/\bflask\b/.test(command))
    return 'Leave --host out of the flask command (or give --host 127.0.0.1): Flask listens on 127.0.0.1 by default.';
  if (/\brunserver\b/.test(command)) return 'Give runserver the address 127.0.0.1:{port}.';
  if (/\b(?:uvicorn|hypercorn|daphne)\b/.test(command)) return 'Give it --host 127.0.0.1.';
  if (/\bgunicorn\b/.test(command)) return 'Give gunicorn --bind 127.0.0.1:{port}.';
  if (/\brails\b/.test(command)) return 'Give rails server -b 127.0.0.1.';
  if (/\bvite\b/.test(command)) return 'Leave --host out of the vite command (or give --host 127.0.0.1).';
  if (wildcard.test(command)) return 'Replace the wildcard address in the command with 127.0.0.1.';
  return (
    'Make it listen on 127.0.0.1 alone: Ferrox gives it $HOST=127.0.0.1 beside $PORT ' +
    '(in Express: app.listen(process.env.PORT, process.env.HOST)).'
  );
}
