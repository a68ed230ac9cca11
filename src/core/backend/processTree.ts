import { spawnSync } from 'node:child_process';

/** What stopping a process tree needs from the system, injectable so other platforms can be tested here. */
export interface TreeKiller {
  platform: NodeJS.Platform;
  /** process.kill: a negative pid names a POSIX process group. */
  kill(pid: number, signal: NodeJS.Signals): void;
  /** Runs a command to its end (Windows' taskkill). */
  run(command: string, args: string[]): void;
}

export const SYSTEM: TreeKiller = {
  platform: process.platform,
  kill: (pid, signal) => process.kill(pid, signal),
  run: (command, args) => {
    spawnSync(command, args, { stdio: 'ignore', windowsHide: true });
  },
};

/**
 * Stops a process and everything it started. On POSIX the process leads its own group (it was
 * started detached), and the signal goes to the whole group: a shell, the server it ran, that
 * server's workers. On Windows, where there are no groups or signals, taskkill ends the tree
 * (`/T`), by force only when `force` (a polite stop has no Windows equivalent for console
 * servers). A process that is already gone is no error.
 */
export function stopTree(pid: number, force: boolean, system: TreeKiller = SYSTEM): void {
  try {
    if (system.platform === 'win32') system.run('taskkill', ['/pid', String(pid), '/T', ...(force ? ['/F'] : [])]);
    else system.kill(-pid, force ? 'SIGKILL' : 'SIGTERM');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}
