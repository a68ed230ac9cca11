import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
export { freePort } from '../shared/net';
import type { BrowserType, Browser } from 'playwright-core';

/** Debian's Chromium, with the flags this closed network needs. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** Launches Chromium, or fails with what to install, as the benchmark and the VS Code installer do. */
export function launchChromium(type: BrowserType): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    return Promise.reject(new Error(`Chromium is not at ${CHROMIUM_PATH}: install it (apt-get install chromium) or set CHROMIUM_PATH to its executable.`));
  }
  return type.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
}

export interface Cli {
  url: string;
  /** The first line the CLI printed. */
  firstLine: string;
  child: ChildProcessWithoutNullStreams;
  /** Everything the CLI wrote on stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts the bundled `ferrox` CLI and resolves once it prints its URL. */
export function startCli(args: string[]): Promise<Cli> {
  const cliPath = path.resolve(__dirname, '../../../dist/cli.js');
  const child = spawn(process.execPath, [cliPath, ...args]);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (c) => { err += c; });
    child.stdout.on('data', (c) => {
      out += c;
      const m = /at (https?:\/\/\S+\/)/.exec(out);
      if (m) {
        resolve({
          url: m[1],
          firstLine: out.slice(0, out.indexOf('\n') >= 0 ? out.indexOf('\n') : undefined),
          child,
          stderr: () => err,
          stop: () => new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`ferrox exited with ${code}: ${err}`)));
  });
}
