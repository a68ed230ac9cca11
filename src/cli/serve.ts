/**
 * One serving process: a server alone, or one worker of a cluster. Wires the access log and
 * pages' console to the terminal, watches the folder for live reload, starts, announces through
 * its Role, and stops on SIGINT or SIGTERM (or when npm goes away, alone).
 */
import * as os from 'node:os';
import {
  describePages,
  FerroxServer,
  MCP_PATH,
  diagnoseSharing,
  onThisMachine,
  shareAddressProblem,
  systemFacts,
  type BackendLine,
  OptionsError,
  PortInUseError,
  printable,
  printableOutput,
  RootError,
  TreeWatch,
  formatBrowserMessage,
} from '../core';
import { nameFlags } from './optionFlags';
import type { CliCommand } from './args';
import { accessLogger, painter, startBlock, colourFor } from './output';
import type { Role } from './roles';
import { stderr, stdout } from './streams';

export const EXIT_OK = 0;
export const EXIT_START_FAILED = 1;
export const EXIT_USAGE = 2;

const out = painter(colourFor(process.stdout));

type Serve = Extract<CliCommand, { kind: 'serve' }>;

/**
 * Serves until signalled; resolves with the exit code. `server` is built (its options checked);
 * `usageError` prints a problem with the command line and returns its code; `afterListening`
 * runs once listening (a worker has none: its primary waits for every worker).
 */
export async function serve(
  command: Serve,
  server: FerroxServer,
  role: Role,
  usageError: (message: string) => number,
  afterListening?: (url: string) => void,
): Promise<number> {
  const root = server.options.root;
  if (!command.quiet) {
    const format = accessLogger(command.logFormat ?? (process.stdout.isTTY ? 'dev' : 'combined'), out);
    server.on('access', (entry) => {
      const line = format(entry);
      if (line !== undefined) stdout.write(line + '\n');
    });
    server.on('browserConsole', (message) => stderr.write(formatBrowserMessage(message) + '\n'));
    // Who is watching, when that changes: "ferrox: 2 pages on 2 devices: …".
    server.on('pages', (pages) => stderr.write(`ferrox: ${printable(describePages(pages))}\n`));
  }
  server.on('diagnostic', (d) => {
    if (d.level !== 'debug') stderr.write(`ferrox: ${d.level}: ${printable(d.message, { multiline: true })}\n`);
  });
  // The backend's own lines, on the stream it wrote them to, marked as its. Those it writes while
  // it starts wait until Ferrox's own address is printed: its banner ("Running on
  // http://127.0.0.1:PORT", without live reload) must not be the first address anyone clicks.
  const mark = out('dim', 'backend |');
  const write = (line: BackendLine) =>
    (line.stream === 'stdout' ? stdout : stderr).write(`${mark} ${printableOutput(line.text)}\n`);
  let held: BackendLine[] | undefined = [];
  const release = () => {
    const lines = held ?? [];
    held = undefined;
    lines.forEach(write);
  };
  server.on('backendOutput', (line) => (held ? held.push(line) : write(line)));
  server.on('backendState', (state) => {
    if (state === 'exited')
      stderr.write(
        `ferrox: warning: the backend exited; it starts again shortly, and pages show what happened meanwhile\n`,
      );
  });

  // The tree watch is the server's one feed; it starts watching once the server listens.
  let watcher: TreeWatch | undefined;
  if (server.options.liveReload) {
    const o = server.options;
    watcher = new TreeWatch(root, {
      ignore: o.liveReloadIgnore,
      poll: o.livePoll,
      pollIntervalMs: o.livePollIntervalMs,
      onNotice: (level, message) => stderr.write(`ferrox: ${level}: ${message}\n`),
    });
    server.setChangeSource(watcher);
  }

  let stopped: Promise<number>;
  try {
    const address = await server.start();
    stopped = stopOnSignal(server, watcher, role);
    const redirect = address.redirectPort !== undefined ? ` (http port ${address.redirectPort} redirects to it)` : '';
    const token = server.options.accessToken;
    const url = token ? `${address.url}?token=${token}` : address.url;
    // The first line keeps its form: tools read the URL from it.
    const line = `Serving ${root} at ${url}${redirect}${watcher ? ' with live reload' : ''}`;
    const block = command.quiet
      ? []
      : startBlock(
          {
            url,
            baseUrl: address.url,
            host: server.options.host,
            token,
            drawQr: process.stdout.isTTY === true,
            liveReload: watcher !== undefined,
            proxies: Object.entries(server.options.proxy).map(([prefix, rule]) => [
              prefix,
              typeof rule === 'string' ? rule : rule.target,
            ]),
            backend: server.options.backend ?? server.options.backendUrl,
            statics: server.options.static,
            watched: server.options.watch,
            shareAddress: server.options.shareAddress,
            hostRules: server.hostConfig.files.map((f) => `${f.file} (${f.holds})`),
            ...(server.options.mcp ? { mcp: new URL(MCP_PATH, address.url).href } : {}),
          },
          out,
        );
    role.listening(line, block, url);
    release();
    if (command.options.port === undefined && address.port !== server.options.port) {
      stderr.write(
        `ferrox: port ${server.options.port} is in use, so this server took ${address.port} (choose one with --port N)\n`,
      );
    }
    afterListening?.(url);
    void watcher?.start();
    if (token !== undefined) {
      const asked = shareAddressProblem(server.options.shareAddress, os.networkInterfaces());
      if (asked) stderr.write(`ferrox: warning: ${printable(asked)}\n`);
      if (!command.quiet) checkSharingLater(server, address.port);
    }
  } catch (e) {
    watcher?.dispose();
    release();
    let message = (e as Error).message;
    if (e instanceof PortInUseError) message += '. Choose another with --port N, or --port 0 for any free port';
    if (e instanceof RootError) return role.failed(message, EXIT_USAGE, usageError);
    // A folder an option names (--mount, --watch) is checked as the server starts.
    if (e instanceof OptionsError) return role.failed(e.problems.map(nameFlags).join('\n'), EXIT_USAGE, usageError);
    return role.failed(message, EXIT_START_FAILED, (m) => stderr.write(`ferrox: ${m}\n`));
  }

  return stopped;
}

/** How long a shared server waits for another device before it says what may keep them out. */
const SHARE_CHECK_MS = 20_000;

/**
 * While shared: when no other device has opened a page within SHARE_CHECK_MS, what this machine
 * can tell about why (the address, the firewall, WSL's NAT, Wi-Fi isolation), on stderr, once.
 */
function checkSharingLater(server: FerroxServer, port: number): void {
  let reached = false;
  server.on('pages', (pages) => {
    reached ||= pages.some((p) => !onThisMachine(p));
  });
  setTimeout(() => {
    if (reached || !server.address) return;
    void diagnoseSharing(systemFacts(), port, server.options.shareAddress).then((d) => {
      if (reached || !server.address) return;
      const mark = { problem: 'x', check: '?', ok: 'ok' } as const;
      stderr.write(
        [
          `ferrox: no other device has opened the link in ${SHARE_CHECK_MS / 1000} s. What this machine can tell:`,
          ...d.findings.map((f) => `  ${mark[f.level]} ${printable(f.message)}`),
          '',
        ].join('\n'),
      );
    });
  }, SHARE_CHECK_MS).unref();
}

/**
 * Stops on SIGINT or SIGTERM (or when npm goes away); resolves with the exit code. Set up before
 * the URL is printed: a Ctrl+C as soon as it shows (or a script that reads it and signals)
 * must find the graceful stop in place, not the default that kills the process.
 */
function stopOnSignal(server: FerroxServer, watcher: TreeWatch | undefined, role: Role): Promise<number> {
  return new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = (signal: NodeJS.Signals) => {
      if (stopping) return role.again(signal);
      stopping = true;
      watcher?.dispose();
      role.stopping(server.inFlight);
      server.stop().then(
        ({ cutShort }) => {
          role.stopped(cutShort);
          resolve(EXIT_OK);
        },
        () => resolve(EXIT_START_FAILED),
      );
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
    role.watchParent(() => shutdown('SIGTERM'));
  });
}
