import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { FerroxServer, type ServerOptions } from '../../src/core';

/** Awkward names: spaces, unicode, markup characters, '#' and '%'. */
export const AWKWARD_NAME = 'a <b> & "c" #1 %41.txt';
export const SNOWMAN_NAME = 'snow ☃.txt';

export interface Fixture {
  base: string;
  root: string;
  cleanup(): void;
}

/**
 * A served folder `site` with a sibling `site-secret` whose name starts with the root's name,
 * and files outside the root that links inside point to.
 */
export function makeFixture(): Fixture {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-test-'));
  const root = path.join(base, 'site');
  const write = (rel: string, data: string | Buffer) => {
    const file = path.join(base, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, data);
  };
  write('site/hello.txt', 'hello world\n');
  write(`site/${SNOWMAN_NAME}`, 'snow\n');
  write(`site/${AWKWARD_NAME}`, 'awkward\n');
  write('site/file2.txt', '2');
  write('site/file10.txt', '10');
  write('site/empty.txt', '');
  write('site/big.txt', 'The quick brown fox jumps over the lazy dog.\n'.repeat(2000));
  write('site/image.bin', Buffer.from([0, 1, 2, 3, 255, 254, 253]));
  write('site/style.css', 'body { color: red; }\n');
  write('site/.env', 'SECRET=1\n');
  write('site/.git/config', '[core]\n');
  write('site/.well-known/security.txt', 'Contact: mailto:a@example.test\n');
  write('site/sub/index.html', '<!doctype html><title>sub</title>sub index\n');
  write('site/docs/readme.md', '# docs\n');
  write('site/docs/inner/deep.txt', 'deep\n');
  write('site/%2e%2e/trap.txt', 'literal percent folder\n');
  write('site-secret/secret.txt', 'TOP SECRET\n');
  write('outside.txt', 'outside\n');
  fs.symlinkSync('hello.txt', path.join(root, 'link-in.txt'));
  fs.symlinkSync('docs', path.join(root, 'link-dir'));
  fs.symlinkSync('../site-secret/secret.txt', path.join(root, 'link-out.txt'));
  fs.symlinkSync('../site-secret', path.join(root, 'link-dir-out'));
  fs.symlinkSync('.env', path.join(root, 'link-hidden'));
  fs.symlinkSync('missing-target', path.join(root, 'broken-link'));
  return { base, root, cleanup: () => fs.rmSync(base, { recursive: true, force: true }) };
}

export interface Running {
  server: FerroxServer;
  port: number;
  url: string;
}

/**
 * Registers before/after hooks that make a fixture and start a server on it (options added to
 * `root`), and stop and remove both afterwards. The returned objects are filled in before().
 */
export function servedFixture(options: Omit<ServerOptions, 'root'> | (() => Omit<ServerOptions, 'root'>) = {}): {
  fx: Fixture;
  srv: Running;
} {
  const fx = {} as Fixture;
  const srv = {} as Running;
  before(async () => {
    Object.assign(fx, makeFixture());
    Object.assign(srv, await startServer({ root: fx.root, ...(typeof options === 'function' ? options() : options) }));
  });
  after(async () => {
    await srv.server?.stop();
    fx.cleanup?.();
  });
  return { fx, srv };
}

/** Starts a server on a free loopback port. The caller stops it in after()/finally. */
export async function startServer(options: ServerOptions): Promise<Running> {
  const server = new FerroxServer({ host: '127.0.0.1', port: 0, ...options });
  const address = await server.start();
  return { server, port: address.port, url: address.url };
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

/** One request on a fresh connection; the raw path is sent exactly as given. */
export function request(
  port: number,
  rawPath: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: rawPath,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * Writes raw bytes to the server and collects everything it sends until it closes the
 * connection (or `idleMs` passes with nothing new).
 */
export function rawExchange(
  port: number,
  data: string | Buffer,
  idleMs = 1500,
): Promise<{ text: string; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const finish = (closedByServer: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text: Buffer.concat(chunks).toString('latin1'), closedByServer });
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(false), idleMs);
    };
    socket.on('connect', () => {
      socket.write(data);
      arm();
    });
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      arm();
    });
    socket.on('end', () => finish(true));
    socket.on('error', reject);
  });
}

/** Counts HTTP status lines in a raw response stream. */
export function statusLines(raw: string): string[] {
  // Not anchored to line starts: a body without a final newline runs into the next status line.
  return raw.match(/HTTP\/1\.[01] \d{3} [^\r\n]*/g) ?? [];
}
