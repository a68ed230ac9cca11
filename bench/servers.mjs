// How the benchmark starts each server it compares, all on loopback with access logs off.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const bin = (pkg, file) => path.join(here, 'node_modules', pkg, file);

/**
 * Starts a process; with `readyPattern`, resolves once its output (stdout or stderr) matches it,
 * and rejects if it exits first or says nothing matching within 10 s.
 */
export function run(cmd, args, readyPattern, env = {}) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  if (!readyPattern) {
    child.stdout.resume();
    child.stderr.resume();
    return Promise.resolve(child);
  }
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${cmd} did not start: ${out}`)), 10_000);
    const onData = (c) => {
      out += c;
      if (readyPattern.test(out)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} exited ${code}: ${out}`));
    });
  });
}

/** Resolves once something answers HTTP at `path` on the port (any status). */
export async function waitForPort(port, path = '/') {
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}${path}`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`nothing answers on port ${port}`);
}

function nginx(dir, port, work) {
  const conf = path.join(work, `nginx-${port}.conf`);
  fs.writeFileSync(
    conf,
    `worker_processes 1;
daemon off;
error_log ${work}/nginx-error.log;
pid ${work}/nginx-${port}.pid;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:${port}; root ${dir}; autoindex on; }
}
`,
  );
  const child = spawn('nginx', ['-c', conf, '-p', work], { stdio: 'ignore' });
  return waitForPort(port).then(() => child);
}

/** The CLI measured: this checkout's build, or FERROX_CLI (another commit's dist/cli.js, to compare two builds in one sitting). */
const FERROX_CLI = process.env.FERROX_CLI ? path.resolve(process.env.FERROX_CLI) : path.join(repo, 'dist/cli.js');

/** Name → start(dir, port, work) → ChildProcess. `lists` says whether it lists folders. */
export const SERVERS = {
  ferrox: {
    start: (dir, port) => run(process.execPath, [FERROX_CLI, dir, '--port', String(port), '--quiet'], /Serving/),
    lists: true,
  },
  'ferrox ×2': {
    processes: 2,
    start: (dir, port) =>
      run(process.execPath, [FERROX_CLI, dir, '--port', String(port), '--quiet', '--workers', '2'], /Serving/),
    lists: true,
  },
  nginx: { start: nginx, lists: true, reference: true },
  // The runtime with nothing on top (bareNode.mjs), on the rows a bare server can answer.
  'node:http': {
    rows: ['small', 'notFound', 'html', 'smallClose', 'htmlClose'],
    start: (dir, port) => run(process.execPath, [path.join(here, 'bareNode.mjs'), dir, String(port)], /listening/),
    lists: false,
  },
  'sirv-cli': {
    peer: true,
    start: (dir, port) =>
      run(
        process.execPath,
        [bin('sirv-cli', 'bin.js'), dir, '--port', String(port), '--host', '127.0.0.1', '--quiet'],
        null,
      ).then(async (c) => {
        await waitForPort(port);
        return c;
      }),
    lists: false,
  },
  'http-server': {
    peer: true,
    start: (dir, port) =>
      run(
        process.execPath,
        [bin('http-server', 'bin/http-server'), dir, '-p', String(port), '-a', '127.0.0.1', '-s', '-c-1'],
        null,
      ).then(async (c) => {
        await waitForPort(port);
        return c;
      }),
    lists: true,
  },
  serve: {
    peer: true,
    start: (dir, port) =>
      run(
        process.execPath,
        [bin('serve', 'build/main.js'), '-l', `tcp://127.0.0.1:${port}`, '--no-request-logging', '--no-clipboard', dir],
        null,
      ).then(async (c) => {
        await waitForPort(port);
        return c;
      }),
    lists: true,
  },
};

export function peersInstalled() {
  return (
    fs.existsSync(bin('sirv-cli', 'bin.js')) &&
    fs.existsSync(bin('http-server', 'bin/http-server')) &&
    fs.existsSync(bin('serve', 'build/main.js'))
  );
}

/** Stops a server and everything it forked. */
export async function stopServer(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
