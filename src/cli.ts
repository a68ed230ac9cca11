#!/usr/bin/env node
/** `ferrox`: the terminal front of the core. It owns the process: output, exit codes, signals. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  FerroxServer, OptionsError, PortInUseError, RootError, WatchChangeSource, formatBrowserMessage, isWildcardAddress, newAccessToken, shareOptions,
} from './core';
import { parseCli, USAGE, UsageError, type CliCommand } from './cliArgs';
import { localTlsOptions } from './cliHttps';
import { openBrowser } from './cliOpen';
import { stopWhenNpmGoesAway } from './cliParent';
import { accessLogger, colourFor, exposedWarning, painter, startBlock } from './cliOutput';
import { stderr, stdout } from './cliStreams';
import { isWorker, report, superviseWorkers } from './cliWorkers';

const EXIT_OK = 0;
const EXIT_START_FAILED = 1;
const EXIT_USAGE = 2;
/** A second signal during shutdown: the shell's convention, 128 + the signal's number. */
const EXIT_FORCED: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

const out = painter(colourFor(process.stdout));
const err = painter(colourFor(process.stderr));

async function main(argv: string[]): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCli(argv);
  } catch (e) {
    if (e instanceof UsageError) return usageError(e.message);
    throw e;
  }
  if (command.kind === 'help') {
    stdout.write(USAGE + '\n');
    return EXIT_OK;
  }
  if (command.kind === 'version') {
    stdout.write(`ferrox ${version()}\n`);
    return EXIT_OK;
  }

  const folderProblem = checkFolder(path.resolve(command.options.root));
  if (folderProblem) return usageError(folderProblem);

  if (command.https && !command.options.tls) {
    try {
      command.options.tls = await localTlsOptions(!isWorker());
    } catch (e) {
      stderr.write(`ferrox: ${(e as Error).message}\n`);
      return EXIT_START_FAILED;
    }
  }

  if (command.share) command.options = shareOptions(command.options, (isWorker() && process.env.FERROX_WORKER_TOKEN) || newAccessToken());

  let server: FerroxServer;
  try {
    server = new FerroxServer({ ...command.options, instanceId: process.env.FERROX_INSTANCE_ID });
  } catch (e) {
    if (e instanceof OptionsError) return usageError(e.message);
    throw e;
  }
  const root = server.options.root;
  const open = command.open;
  const afterListening = (url: string) => {
    if (isWildcardAddress(server.options.host) && !server.options.accessToken) stderr.write(exposedWarning(err) + '\n');
    if (open) openBrowser(url, (m) => stderr.write(`ferrox: warning: ${m}\n`));
  };
  if (command.workers > 1 && !isWorker()) return superviseWorkers(command.workers, afterListening);

  if (!command.quiet) {
    const format = accessLogger(command.logFormat ?? (process.stdout.isTTY ? 'dev' : 'combined'), out);
    server.on('access', (entry) => stdout.write(format(entry) + '\n'));
    server.on('browserConsole', (message) => stderr.write(formatBrowserMessage(message) + '\n'));
  }
  server.on('diagnostic', (d) => {
    if (d.level !== 'debug') stderr.write(`ferrox: ${d.level}: ${d.message}\n`);
  });

  let watcher: WatchChangeSource | undefined;
  if (server.options.liveReload) {
    watcher = new WatchChangeSource(root, (e) => stderr.write(`ferrox: warning: file watching failed: ${e.message}\n`)).start();
    server.setChangeSource(watcher);
  }

  try {
    const address = await server.start();
    const redirect = address.redirectPort !== undefined ? ` (http port ${address.redirectPort} redirects to it)` : '';
    const token = server.options.accessToken;
    const url = token ? `${address.url}?token=${token}` : address.url;
    // The first line keeps its form: tools read the URL from it.
    const line = `Serving ${root} at ${url}${redirect}${watcher ? ' with live reload' : ''}`;
    const block = command.quiet ? [] : startBlock({
      url, baseUrl: address.url, host: server.options.host, token, drawQr: process.stdout.isTTY === true, liveReload: watcher !== undefined,
      proxies: Object.entries(server.options.proxy).map(([prefix, rule]) => [prefix, typeof rule === 'string' ? rule : rule.target]),
    }, out);
    if (isWorker()) {
      report({ ferrox: 'listening', line, block, url });
    } else {
      stdout.write([line, ...block].join('\n') + '\n');
      afterListening(url);
    }
  } catch (e) {
    watcher?.dispose();
    const code = e instanceof RootError ? EXIT_USAGE : EXIT_START_FAILED;
    let message = (e as Error).message;
    if (e instanceof PortInUseError) message += '. Choose another with --port N, or --port 0 for any free port';
    if (isWorker()) {
      report({ ferrox: 'failed', message, exitCode: code });
      return code;
    }
    if (e instanceof RootError) return usageError(message);
    stderr.write(`ferrox: ${message}\n`);
    return EXIT_START_FAILED;
  }

  return new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = (signal: NodeJS.Signals) => {
      if (stopping) {
        // A worker gets the terminal's SIGINT and its primary's SIGTERM: both mean "stop".
        if (isWorker()) return;
        stderr.write(`ferrox: ${signal} again, exiting now\n`);
        process.exit(EXIT_FORCED[signal] ?? EXIT_START_FAILED);
      }
      stopping = true;
      watcher?.dispose();
      if (!isWorker()) {
        const n = server.inFlight;
        stderr.write(`ferrox: stopping, ${n} ${n === 1 ? 'response' : 'responses'} in flight… (Ctrl+C again to quit at once)\n`);
      }
      server.stop().then(() => {
        if (!isWorker()) stderr.write('ferrox: stopped\n');
        resolve(EXIT_OK);
      }, () => resolve(EXIT_START_FAILED));
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
    if (!isWorker()) stopWhenNpmGoesAway(() => shutdown('SIGTERM'));
  });
}

function usageError(message: string): number {
  stderr.write(`${err('red', 'ferrox:')} ${message}\nRun "ferrox --help" for usage.\n`);
  return EXIT_USAGE;
}

/** Why the folder cannot be served (missing, or a file), with what to do instead; undefined if it can. */
function checkFolder(folder: string): string | undefined {
  let stats: fs.Stats;
  try {
    stats = fs.statSync(folder);
  } catch {
    return `${folder} is not a folder that exists`;
  }
  if (stats.isDirectory()) return undefined;
  return `${folder} is a file, not a folder. To serve the folder it is in, run: ferrox ${quoteArg(path.dirname(folder))}`;
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

/** The package's version, from the package.json beside dist/ (in the repository, npm's copy, or the VSIX). */
function version(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

// Exit by draining, not process.exit(): stdout may be a pipe whose writes are still pending.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // A worker's channel to its primary would keep it alive.
    if (isWorker()) process.disconnect?.();
  },
  (e: Error) => { stderr.write(`ferrox: unexpected error: ${e.stack ?? e.message}\n`); process.exitCode = EXIT_START_FAILED; },
);
