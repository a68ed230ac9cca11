import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { ReachFacts } from './diagnose';

/** How long one question to the system may take (a firewall tool that hangs must not hang the answer). */
const COMMAND_MS = 4000;

/** This machine's facts: its interfaces, its commands (no shell, bounded in time and output), its files. */
export function systemFacts(): ReachFacts {
  return {
    platform: process.platform,
    interfaces: os.networkInterfaces(),
    execPath: process.execPath,
    run: (command, args) =>
      new Promise((resolve) => {
        execFile(
          command,
          [...args],
          { timeout: COMMAND_MS, maxBuffer: 1024 * 1024, windowsHide: true },
          (err, stdout, stderr) => {
            const code = err
              ? typeof (err as { code?: unknown }).code === 'number'
                ? (err as { code: number }).code
                : -1
              : 0;
            // A command that is missing or was killed tells nothing.
            if (err && (code === -1 || (err as NodeJS.ErrnoException).code === 'ENOENT')) return resolve(undefined);
            // What it said on either stream: "you need to be root" comes on stderr.
            resolve({ code, stdout: `${String(stdout)}${String(stderr)}` });
          },
        );
      }),
    read: (file) => fs.promises.readFile(file, 'utf8').catch(() => undefined),
  };
}
