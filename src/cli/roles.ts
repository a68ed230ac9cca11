/**
 * How this process takes part in serving, in one place. `ferrox` alone is one process that
 * serves and talks to the terminal. With `--workers N` the primary (workers.ts) supervises N
 * workers; each serves like a process alone but reports to its primary instead of the terminal,
 * and shares the primary's live-reload identity and sharing token. serve.ts reads the same for
 * both, asking its Role wherever they differ.
 */
import cluster from 'node:cluster';
import { stopWhenNpmGoesAway } from './parent';
import { stderr, stdout } from './streams';
import { report, WORKER_ENV } from './workers';

export type Mode = 'single' | 'primary' | 'worker';

/** The mode of this process: a worker of a cluster, its primary, or a server alone. */
export function modeOf(workers: number): Mode {
  if (cluster.isWorker) return 'worker';
  return workers > 1 ? 'primary' : 'single';
}

/** A second signal during a shutdown: the shell's convention, 128 + the signal's number. */
const EXIT_FORCED: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

/** What a serving process does differently alone and as a worker. */
export interface Role {
  /** The cluster's shared live-reload identity and sharing token (none alone: fresh ones). */
  readonly instanceId?: string;
  readonly token?: string;
  /** Whether to print how to trust a local CA made now (for workers, the primary did). */
  readonly announcesCa: boolean;
  /** Listening: print the first line and the block, or hand them to the primary. */
  listening(line: string, block: readonly string[], url: string): void;
  /** Could not start: `say` prints the message where this role speaks; returns the exit code. */
  failed(message: string, exitCode: number, say: (message: string) => void): number;
  /** A stop signal arrived, with responses in flight; and later, all is closed. */
  stopping(inFlight: number): void;
  /** `cutShort`: responses the stop ended before they were sent whole (downloads past the deadline). */
  stopped(cutShort: number): void;
  /** A second signal while stopping. */
  again(signal: NodeJS.Signals): void;
  /** Stops the server when the process that started it goes away, where that is this role's job. */
  watchParent(stop: () => void): void;
  /** After serving. */
  done(): void;
}

/** A server alone: it speaks to the terminal and owns its signals. */
export const ALONE: Role = {
  announcesCa: true,
  listening: (line, block) => stdout.write([line, ...block].join('\n') + '\n'),
  failed: (message, exitCode, say) => {
    say(message);
    return exitCode;
  },
  stopping: (n) =>
    stderr.write(
      `ferrox: stopping, ${n} ${n === 1 ? 'response' : 'responses'} in flight… (Ctrl+C again to quit at once)\n`,
    ),
  stopped: (cutShort) =>
    stderr.write(
      `ferrox: stopped${cutShort > 0 ? `, cutting ${cutShort} transfer${cutShort === 1 ? '' : 's'} short` : ''}\n`,
    ),
  again: (signal) => {
    stderr.write(`ferrox: ${signal} again, exiting now\n`);
    process.exit(EXIT_FORCED[signal] ?? 1);
  },
  watchParent: (stop) => stopWhenNpmGoesAway(stop),
  done: () => undefined,
};

/**
 * A worker: it tells its primary how starting went, stops quietly (the primary speaks for the
 * cluster), and ignores a second signal (it gets the terminal's SIGINT and its primary's SIGTERM,
 * which both mean "stop").
 */
export function workerRole(env: NodeJS.ProcessEnv = process.env): Role {
  return {
    instanceId: env[WORKER_ENV.instanceId],
    token: env[WORKER_ENV.token],
    announcesCa: false,
    listening: (line, block, url) => report({ ferrox: 'listening', line, block: [...block], url }),
    failed: (message, exitCode) => {
      report({ ferrox: 'failed', message, exitCode });
      return exitCode;
    },
    stopping: () => undefined,
    stopped: () => undefined,
    again: () => undefined,
    watchParent: () => undefined,
    // Its channel to the primary would keep it alive.
    done: () => process.disconnect?.(),
  };
}
