import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freshnessIniDir, withScanDir } from './phpFreshness';
import { freeLoopbackPort, waitForPort } from './ports';
import { stopTree } from './processTree';

/** Where a supervised backend is. */
export type BackendState = 'stopped' | 'starting' | 'running' | 'exited';

/** One line the backend wrote. */
export interface BackendLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

/** How the backend last ended, for the page that stands in for it. */
export interface BackendExit {
  code: number | null;
  /** Its last lines of output, oldest first. */
  lines: string[];
}

export interface BackendSettings {
  /** The command, run by the shell in `cwd`; `{port}` becomes the port it must listen on (also $PORT, with $HOST=127.0.0.1). */
  command: string;
  cwd: string;
  /** How long the command may take to accept connections on its port. */
  startTimeoutMs: number;
}

export interface BackendEvents {
  output: [BackendLine];
  state: [BackendState];
}

/** Lines of output kept for the page that shows a backend that exited. */
const KEPT_LINES = 40;
/** Restart delays after a crash: doubling from the first to the last, reset by a long enough run. */
const FIRST_RETRY_MS = 1000;
const LAST_RETRY_MS = 30_000;
const STABLE_MS = 30_000;
/** How long a stop waits for the backend before it is killed. */
const STOP_GRACE_MS = 5000;
/** How long what a backend started may take to stop after the backend itself ended. */
const STRAGGLER_GRACE_MS = 1000;

/** A failure to start, in words that name the command and say what to do. */
export class BackendStartError extends Error {
  readonly code = 'FERROX_BACKEND';
  constructor(
    message: string,
    readonly lines: readonly string[],
  ) {
    super(message);
    this.name = 'BackendStartError';
  }
}

/**
 * Starts the backend command on a free loopback port and looks after it: its output as lines,
 * its state, a restart with back-off when it exits, and a stop that ends it and every process it
 * started. It runs under a guard process (guard.ts) that leads the process group and ends it
 * when Ferrox goes away, however Ferrox ends.
 */
export class BackendSupervisor extends EventEmitter<BackendEvents> {
  private child: ChildProcess | undefined;
  private _state: BackendState = 'stopped';
  private _port = 0;
  private lines: string[] = [];
  /** While starting: told when the backend prints an address on another port than the one it was given. */
  private onOtherPort: ((port: number, line: string) => void) | undefined;
  /** Lines written since the first start, to name a point in the output (linesSince). */
  private written = 0;
  private lastExit: BackendExit | undefined;
  private retryMs = FIRST_RETRY_MS;
  private retry: NodeJS.Timeout | undefined;
  private startedAt = 0;
  /** Ferrox's PHP settings (phpFreshness.ts), for as long as the backend may start. */
  private phpIni: { dir: string; dispose(): void } | undefined;

  constructor(
    private readonly settings: BackendSettings,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {
    super();
  }

  get state(): BackendState {
    return this._state;
  }

  /** The loopback port the backend listens on (0 before the first start). */
  get port(): number {
    return this._port;
  }

  get command(): string {
    return this.settings.command;
  }

  /** How it last ended, while it is down. */
  get exit(): BackendExit | undefined {
    return this._state === 'running' ? undefined : this.lastExit;
  }

  /** The last lines it wrote, oldest first. */
  get recentLines(): readonly string[] {
    return this.lines;
  }

  /** How many lines it has written: a mark for linesSince. */
  get linesWritten(): number {
    return this.written;
  }

  /** The lines written since `mark` (those still kept). */
  linesSince(mark: number): string[] {
    const count = Math.min(this.written - mark, this.lines.length);
    return count > 0 ? this.lines.slice(-count) : [];
  }

  /** Starts it and resolves once its port accepts connections; rejects with a BackendStartError saying why not. */
  async start(): Promise<number> {
    this._port ||= await freeLoopbackPort();
    this.phpIni ??= freshnessIniDir();
    await this.launch();
    return this._port;
  }

  /** Ends the backend and everything it started; no restart follows. */
  async stop(): Promise<void> {
    clearTimeout(this.retry);
    this.retry = undefined;
    const child = this.child;
    this.child = undefined;
    this.setState('stopped');
    this.phpIni?.dispose();
    this.phpIni = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // Closing the channel is the guard's cue to stop the group politely.
    if (child.connected) child.disconnect();
    const timer = setTimeout(() => {
      if (child.pid) stopTree(child.pid, true);
    }, STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }

  private async launch(): Promise<void> {
    this.setState('starting');
    const command = this.settings.command.replace(/\{port\}/g, String(this._port));
    const child = fork(guardScript(), [], {
      cwd: this.settings.cwd,
      // HOST, where the convention exists (Express recipes, Nuxt, Astro, Create React App), keeps
      // it on loopback: a backend that answers the network is reached around Ferrox and its token.
      env: {
        ...process.env,
        PORT: String(this._port),
        HOST: '127.0.0.1',
        FERROX_BACKEND_COMMAND: command,
        // PHP (php -S, artisan serve, anything that starts php) sees every saved file at once, OPcache or not.
        ...(this.phpIni
          ? {
              PHP_INI_SCAN_DIR: withScanDir(process.env.PHP_INI_SCAN_DIR, this.phpIni.dir, this.platform),
              // The guard removes it should Ferrox die without stopping the backend.
              FERROX_BACKEND_TEMP: this.phpIni.dir,
            }
          : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Its own process group, so that the guard can end everything the command starts.
      detached: this.platform !== 'win32',
    });
    this.child = child;
    this.startedAt = Date.now();
    this.readLines(child, 'stdout');
    this.readLines(child, 'stderr');
    const ended = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.once('exit', (code) => this.onExit(child, code));
    const gaveUp = new AbortController();
    const otherPort = new Promise<{ port: number; line: string }>(
      (resolve) => (this.onOtherPort = (port, line) => resolve({ port, line })),
    );
    let listening = await Promise.race([
      waitForPort(this._port, this.settings.startTimeoutMs, gaveUp.signal).then((ok) => (ok ? 'listening' : 'timeout')),
      ended.then(() => 'exited' as const),
      otherPort.then(() => 'elsewhere' as const),
    ]);
    this.onOtherPort = undefined;
    // It printed another port: unless its own port answers at once after all, that is why it never will.
    if (listening === 'elsewhere' && (await waitForPort(this._port, OTHER_PORT_GRACE_MS, gaveUp.signal)))
      listening = 'listening';
    gaveUp.abort();
    if (listening === 'listening' && this.child === child) {
      this.setState('running');
      return;
    }
    if (listening === 'timeout' || listening === 'elsewhere') await this.stop();
    const code = child.exitCode;
    if (listening === 'elsewhere') {
      const { port, line } = await otherPort;
      throw new BackendStartError(
        `The backend "${this.settings.command}" says it listens on port ${port} ("${line.trim().slice(0, 200)}"), ` +
          `not on port ${this._port}, the one it was given. Put {port} in its command where the port goes ` +
          '(php -S 127.0.0.1:{port}, flask run --port {port}), or have it read $PORT.',
        [...this.lines],
      );
    }
    throw new BackendStartError(
      listening === 'timeout'
        ? `The backend "${this.settings.command}" did not accept connections on port ${this._port} within ${this.settings.startTimeoutMs / 1000} s. ` +
            'Does it listen on {port} (or $PORT), on 127.0.0.1?'
        : `The backend "${this.settings.command}" exited with code ${code} before it listened on port ${this._port}.` +
            (code === 127 ? ' The shell could not find the command: is it installed, and on PATH?' : ''),
      [...this.lines],
    );
  }

  private onExit(child: ChildProcess, code: number | null): void {
    // The guard asked the rest of its group to stop; whatever ignored that is killed now.
    const pid = child.pid;
    if (pid !== undefined && this.platform !== 'win32')
      setTimeout(() => stopTree(pid, true), STRAGGLER_GRACE_MS).unref();
    if (this.child !== child) return;
    this.child = undefined;
    this.lastExit = { code, lines: [...this.lines] };
    if (this._state === 'starting') return; // launch() reports it
    this.setState('exited');
    // A run long enough resets the back-off: this is a new crash, not a crash loop.
    if (Date.now() - this.startedAt >= STABLE_MS) this.retryMs = FIRST_RETRY_MS;
    this.scheduleRestart();
  }

  /** Tries again after the back-off; a start that fails tries again after a longer one. */
  private scheduleRestart(): void {
    if (this.retry || this._state === 'stopped') return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.launch().catch(() => {
        if (this._state === 'starting') this.setState('exited');
        this.scheduleRestart();
      });
    }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, LAST_RETRY_MS);
  }

  private readLines(child: ChildProcess, stream: 'stdout' | 'stderr'): void {
    let pending = '';
    child[stream]?.setEncoding('utf8');
    child[stream]?.on('data', (chunk: string) => {
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) !== -1) {
        this.line(stream, pending.slice(0, nl).replace(/\r$/, ''));
        pending = pending.slice(nl + 1);
      }
      // A line that never ends is still shown, in pieces.
      if (pending.length > 8192) {
        this.line(stream, pending);
        pending = '';
      }
    });
    child[stream]?.on('end', () => {
      if (pending) this.line(stream, pending);
    });
  }

  private line(stream: 'stdout' | 'stderr', text: string): void {
    const other = this.onOtherPort && addressPort(text);
    if (other !== undefined && other !== this._port) this.onOtherPort?.(other, text);
    this.lines.push(text);
    this.written++;
    if (this.lines.length > KEPT_LINES) this.lines.shift();
    this.emit('output', { stream, text });
  }

  private setState(state: BackendState): void {
    if (this._state === state) return;
    this._state = state;
    this.emit('state', state);
  }
}

/** How long a backend that printed another port's address has to answer on its own port after all. */
const OTHER_PORT_GRACE_MS = 700;

/**
 * The port of the loopback address a backend prints as where it listens ("Running on
 * http://127.0.0.1:5000", "Development Server (http://localhost:8000) started"), if any.
 */
export function addressPort(line: string): number | undefined {
  const m = /\bhttps?:\/\/(?:127\.0\.0\.1|localhost|0\.0\.0\.0|\[::1?\]):(\d{2,5})\b/i.exec(line);
  return m ? Number(m[1]) : undefined;
}

/** The guard's script: beside the core's bundle (dist/), or in dist/ four levels up when the tests run from out/. */
function guardScript(): string {
  const candidates = [
    path.join(__dirname, 'backend-guard.js'),
    path.join(__dirname, '..', '..', '..', '..', 'dist', 'backend-guard.js'),
  ];
  const found = candidates.find((f) => fs.existsSync(f));
  if (!found) throw new BackendStartError(`cannot find backend-guard.js near ${__dirname}; run "npm run build"`, []);
  return found;
}
