import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';

export const CLI = path.resolve(__dirname, '../../../../dist/cli.js');

export interface CliExit {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRun {
  child: ChildProcessWithoutNullStreams;
  /** Everything once the process is gone (its streams closed). */
  exit: Promise<CliExit>;
  /** The first line of stdout ("" if it exits first). */
  firstLine: Promise<string>;
  stdoutText(): string;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout matches `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/**
 * Runs the bundled CLI. With `tty`, under util-linux `script`, so that stdout and stderr are a
 * terminal as a person would see them (no colour variables are inherited either way).
 */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; tty?: boolean; cwd?: string } = {}): CliRun {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const quoted = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const child = options.tty
    ? spawn('script', ['-qfec', quoted, '/dev/null'], { env, cwd: options.cwd })
    : spawn(process.execPath, [CLI, ...args], { env, cwd: options.cwd });
  let out = '';
  let err = '';
  let gotLine: (line: string) => void = () => undefined;
  const firstLine = new Promise<string>((resolve) => {
    gotLine = resolve;
  });
  child.stdout.on('data', (c) => {
    out += c;
    if (out.includes('\n')) gotLine(out.slice(0, out.indexOf('\n')));
  });
  child.stderr.on('data', (c) => {
    err += c;
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const exit = new Promise<CliExit>((resolve) =>
    child.once('close', (code) => {
      gotLine('');
      resolve({ code, stdout: out, stderr: err });
    }),
  );
  return {
    child,
    exit,
    firstLine,
    stdoutText: () => out,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (pattern, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const poll = () => {
          const m = pattern.exec(out);
          if (m) return resolve(m);
          if (Date.now() - started > timeoutMs)
            return reject(new Error(`no ${pattern} in stdout:\n${out}\nstderr:\n${err}`));
          setTimeout(poll, 20);
        };
        poll();
      }),
    stop: async (signal = 'SIGTERM') => {
      // Under `script` the CLI is a grandchild: ending `script` closes the terminal, and the
      // CLI goes with it (SIGHUP).
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
