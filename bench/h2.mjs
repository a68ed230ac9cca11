// The HTTP/2 row of the static benchmark: many streams on a few connections for a small file,
// Ferrox (`--https`, which speaks h2) against nginx (`ssl http2`), both with one certificate from
// Ferrox's local CA, driven by h2load (Debian's nghttp2-client).
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../scripts/freePort.mjs';
import { run } from './servers.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const H2_CLIENTS = 4;
export const H2_STREAMS = 32;

export function h2loadInstalled() {
  try {
    execFileSync('which', ['h2load'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function startFerrox(site, port, home) {
  return run(
    process.execPath,
    [path.join(repo, 'dist/cli.js'), site, '--port', String(port), '--https', '--quiet'],
    /Serving/,
    { FERROX_HOME: home },
  );
}

async function startNginx(site, port, work, home) {
  // The same certificate Ferrox made, readable by nginx's worker.
  for (const f of ['localhost.pem', 'localhost-key.pem']) fs.copyFileSync(path.join(home, f), path.join(work, f));
  const conf = path.join(work, 'nginx-h2.conf');
  fs.writeFileSync(
    conf,
    `worker_processes 1;
daemon off;
error_log ${work}/nginx-h2-error.log;
pid ${work}/nginx-h2.pid;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:${port} ssl http2;
    ssl_certificate ${work}/localhost.pem;
    ssl_certificate_key ${work}/localhost-key.pem;
    root ${site};
  }
}
`,
  );
  const child = spawn('nginx', ['-c', conf, '-p', work], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    try {
      execFileSync('h2load', ['-n', '1', `https://127.0.0.1:${port}/small.txt`], { stdio: 'ignore' });
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('nginx did not answer over h2');
}

/** Starts Ferrox and nginx on TLS ports of their own; Ferrox first, as it makes the certificate. */
export async function startH2Pair(site, work) {
  const home = path.join(work, 'ferrox-home');
  const ferrox = { port: await freePort() };
  ferrox.child = await startFerrox(site, ferrox.port, home);
  const nginx = { port: await freePort() };
  nginx.child = await startNginx(site, nginx.port, work, home);
  return { ferrox, nginx };
}

/**
 * Requests per second for `requests` GETs of /small.txt, refusing a run that was not all h2 and
 * 2xx. `wrap` turns a command into [cmd, args] (the static bench pins the client to a core).
 */
export function h2load(port, requests, wrap = (cmd, args) => [cmd, args]) {
  const args = [
    '-n',
    String(requests),
    '-c',
    String(H2_CLIENTS),
    '-m',
    String(H2_STREAMS),
    `https://127.0.0.1:${port}/small.txt`,
  ];
  const out = execFileSync(...wrap('h2load', args)).toString();
  const rate = Number(/finished in [\d.]+m?s, ([\d.]+) req\/s/.exec(out)?.[1]);
  const ok = Number(/(\d+) succeeded/.exec(out)?.[1]);
  const twoXx = Number(/status codes: (\d+) 2xx/.exec(out)?.[1]);
  const protocol = /Application protocol: (\S+)/.exec(out)?.[1];
  if (protocol !== 'h2' || ok !== requests || twoXx !== requests)
    throw new Error(`h2load: protocol ${protocol}, ${ok} of ${requests} succeeded, ${twoXx} 2xx\n${out}`);
  return rate;
}
