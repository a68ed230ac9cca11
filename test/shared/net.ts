import * as net from 'node:net';
import * as os from 'node:os';

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** An IPv4 address of this machine that is not loopback, if it has one (requests from it are "another machine"). */
export function lanAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
}

/** Headers that show a request came through a hop (a reverse proxy, `ssh -R`, a forwarded port), whatever its socket says. */
export const HOPS: readonly Record<string, string>[] = [
  { 'X-Forwarded-For': '203.0.113.7' },
  { Forwarded: 'for=203.0.113.7' },
  { 'X-Real-IP': '203.0.113.7' },
];
