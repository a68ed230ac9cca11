/**
 * `ferrox --workers N`: a prefork supervisor on node:cluster. The primary forks N workers that
 * each run the whole server on one shared listening socket (the kernel spreads connections), keeps
 * them alive by replacing any that die, and stops them all on SIGINT/SIGTERM. How a worker differs
 * from a server alone is its Role (roles.ts).
 */
import cluster, { type Worker } from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { stopWhenNpmGoesAway } from './parent';
import { stderr, stdout } from './streams';
import { newAccessToken } from '../core';

/** Messages a worker sends its primary. */
export type WorkerMessage =
  | { ferrox: 'listening'; line: string; block: string[]; url: string }
  | { ferrox: 'failed'; message: string; exitCode: number };

/** More deaths than this within RESTART_WINDOW_MS means something is wrong: give up. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 10_000;

/** The environment through which the primary gives every worker the same identity. */
export const WORKER_ENV = { instanceId: 'FERROX_INSTANCE_ID', token: 'FERROX_WORKER_TOKEN' } as const;

/** In a worker: tells the primary how starting went. */
export function report(message: WorkerMessage): void {
  process.send?.(message);
}

/**
 * Runs the primary until it is told to stop; resolves with the exit code. `onListening` runs
 * once every worker listens, with the URL they serve.
 */
export function superviseWorkers(count: number, onListening: (url: string) => void): Promise<number> {
  // Each worker accepts on the shared socket itself instead of the primary handing connections over.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  // One live-reload identity for all workers, so a page may reconnect to any of them, and one
  // sharing token, so a link works whichever worker answers.
  const env = { [WORKER_ENV.instanceId]: randomUUID(), [WORKER_ENV.token]: newAccessToken() };
  return new Promise((resolve) => {
    let stopping = false;
    let announced = false;
    let listening = 0;
    const deaths: number[] = [];
    const finish = (code: number, signal?: NodeJS.Signals) => {
      const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
      if (stopping) {
        if (!signal) return;
        // A second Ctrl+C: no more waiting for in-flight responses.
        stderr.write(`ferrox: ${signal} again, exiting now\n`);
        for (const w of alive) w.process.kill('SIGKILL');
        process.exit(signal === 'SIGINT' ? 130 : 143);
      }
      stopping = true;
      if (signal) stderr.write(`ferrox: stopping ${alive.length} workers… (Ctrl+C again to quit at once)\n`);
      const done = () => {
        if (signal) stderr.write('ferrox: stopped\n');
        resolve(code);
      };
      if (alive.length === 0) done();
      let left = alive.length;
      for (const w of alive) {
        w.once('exit', () => {
          if (--left === 0) done();
        });
        w.process.kill('SIGTERM');
      }
    };
    const fork = () => {
      const worker = cluster.fork(env);
      worker.on('message', (m: WorkerMessage) => {
        // Announce once every worker holds the socket: until then one death could close it.
        if (m.ferrox === 'listening' && !announced && ++listening === count) {
          announced = true;
          stdout.write([`${m.line} (${count} workers)`, ...m.block].join('\n') + '\n');
          onListening(m.url);
        } else if (m.ferrox === 'failed') {
          stderr.write(`ferrox: ${m.message}\n`);
          finish(m.exitCode);
        }
      });
    };
    cluster.on('exit', (worker, code, signal) => {
      if (stopping) return;
      const now = Date.now();
      deaths.push(now);
      while (deaths.length > 0 && deaths[0] < now - RESTART_WINDOW_MS) deaths.shift();
      stderr.write(`ferrox: worker ${worker.process.pid} died (${signal ?? `exit ${code}`})`);
      if (deaths.length > MAX_RESTARTS) {
        stderr.write(`; ${deaths.length} deaths in ${RESTART_WINDOW_MS / 1000} s, giving up\n`);
        finish(1);
        return;
      }
      stderr.write('; starting a new one\n');
      fork();
    });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => finish(0, signal));
    stopWhenNpmGoesAway(() => finish(0, 'SIGTERM'));
    for (let i = 0; i < count; i++) fork();
  });
}
