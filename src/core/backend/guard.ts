/**
 * The backend's guard: a tiny process between Ferrox and the backend command, bundled on its own
 * (dist/backend-guard.js) and forked with an IPC channel. It runs the command through the shell,
 * in its own process group, with the output passed through. It exits with the command's exit
 * code when the command ends. When its channel to Ferrox closes (Ferrox stopped it, or Ferrox
 * died, even by SIGKILL) it stops the whole group: nothing Ferrox started outlives it, and it
 * removes the backend's temporary folder (Ferrox's PHP settings), which Ferrox, gone, cannot.
 *
 * Plain Node and self-contained: it imports nothing of the core but processTree.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stopTree } from './processTree';

/** How long the command may take to stop before it is killed. */
const GRACE_MS = 3000;

function main(): void {
  const command = process.env.FERROX_BACKEND_COMMAND;
  if (!command) {
    process.stderr.write('ferrox backend guard: no command\n');
    process.exit(2);
  }
  const child = spawn(command, { shell: true, stdio: 'inherit', windowsHide: true });
  let stopping = false;
  child.on('error', (err) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(127);
  });
  child.on('exit', (code, signal) => {
    // What the command started does not outlive it: the rest of the group is asked to stop too
    // (Ferrox kills what ignores that, once this guard is gone).
    if (process.platform !== 'win32') stopTree(process.pid, false);
    process.exit(code ?? (signal ? 128 + signalNumber(signal) : 1));
  });
  // The guard itself outlives a polite stop of its group: it must see its command end.
  process.on('SIGTERM', () => undefined);
  process.on('SIGINT', () => undefined);
  process.on('disconnect', () => {
    if (stopping) return;
    stopping = true;
    removeTemporaryFolder(process.env.FERROX_BACKEND_TEMP);
    const target = process.platform === 'win32' ? (child.pid ?? process.pid) : process.pid;
    stopTree(target, false);
    setTimeout(() => {
      stopTree(target, true);
      process.exit(1);
    }, GRACE_MS).unref();
  });
}

/** The folder Ferrox made for this backend (phpFreshness.ts), and nothing else: one of its own, in the temporary folder. */
function removeTemporaryFolder(dir: string | undefined): void {
  if (!dir || path.dirname(dir) !== os.tmpdir() || !path.basename(dir).startsWith('ferrox-php-')) return;
  fs.rmSync(dir, { recursive: true, force: true });
}

function signalNumber(signal: NodeJS.Signals): number {
  return ({ SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[signal] ?? 0;
}

main();
