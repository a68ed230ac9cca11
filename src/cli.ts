#!/usr/bin/env node
/** `ferrox`: the terminal front of the core. It owns the process: output, exit codes, signals. */
import * as fs from 'node:fs';
import {
  FerroxServer, OptionsError, RootError, WatchChangeSource, formatAccessLog, formatBrowserMessage, newAccessToken, shareOptions,
} from './core';
import { parseCli, USAGE, UsageError } from './cliArgs';
import { localTlsOptions } from './cliHttps';
import { shareLines } from './cliShare';
import { isWorker, report, superviseWorkers } from './cliWorkers';

const EXIT_OK = 0;
const EXIT_START_FAILED = 1;
const EXIT_USAGE = 2;

async function main(argv: string[]): Promise<number> {
  let command;
  try {
    command = parseCli(argv);
  } catch (err) {
    if (err instanceof UsageError) return usageError(err.message);
    throw err;
  }
  if (command.kind === 'help') {
    process.stdout.write(USAGE + '\n');
    return EXIT_OK;
  }

  if (command.https && !command.options.tls) {
    try {
      command.options.tls = await localTlsOptions(!isWorker());
    } catch (err) {
      process.stderr.write(`ferrox: ${(err as Error).message}\n`);
      return EXIT_START_FAILED;
    }
  }

  if (command.share) command.options = shareOptions(command.options, (isWorker() && process.env.FERROX_WORKER_TOKEN) || newAccessToken());

  let server: FerroxServer;
  try {
    server = new FerroxServer({ ...command.options, instanceId: process.env.FERROX_INSTANCE_ID });
  } catch (err) {
    if (err instanceof OptionsError) return usageError(err.message);
    throw err;
  }
  const root = server.options.root;
  if (!isDirectory(root)) return usageError(`${root} is not a folder that exists`);
  if (command.workers > 1 && !isWorker()) return superviseWorkers(command.workers);

  if (!command.quiet) {
    server.on('access', (entry) => process.stdout.write(formatAccessLog(entry) + '\n'));
    server.on('browserConsole', (message) => process.stderr.write(formatBrowserMessage(message) + '\n'));
  }
  server.on('diagnostic', (d) => {
    if (d.level !== 'debug') process.stderr.write(`ferrox: ${d.level}: ${d.message}\n`);
  });

  let watcher: WatchChangeSource | undefined;
  if (server.options.liveReload) {
    watcher = new WatchChangeSource(root, (err) => process.stderr.write(`ferrox: warning: file watching failed: ${err.message}\n`)).start();
    server.setChangeSource(watcher);
  }

  try {
    const address = await server.start();
    const redirect = address.redirectPort !== undefined ? ` (http port ${address.redirectPort} redirects to it)` : '';
    const token = server.options.accessToken;
    const url = token ? `${address.url}?token=${token}` : address.url;
    let line = `Serving ${root} at ${url}${redirect}${watcher ? ' with live reload' : ''}`;
    if (token) line += ['', ...shareLines(address.url, server.options.host, token, process.stdout.isTTY === true && !command.quiet)].join('\n');
    for (const [prefix, rule] of Object.entries(server.options.proxy)) line += `\n  Proxy: ${prefix} -> ${typeof rule === 'string' ? rule : rule.target}`;
    if (isWorker()) report({ ferrox: 'listening', line });
    else process.stdout.write(line + '\n');
  } catch (err) {
    watcher?.dispose();
    const code = err instanceof RootError ? EXIT_USAGE : EXIT_START_FAILED;
    if (isWorker()) {
      report({ ferrox: 'failed', message: (err as Error).message, exitCode: code });
      return code;
    }
    if (err instanceof RootError) return usageError(err.message);
    process.stderr.write(`ferrox: ${(err as Error).message}\n`);
    return EXIT_START_FAILED;
  }

  return new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = (signal: NodeJS.Signals) => {
      if (stopping) {
        // A worker gets the terminal's SIGINT and its primary's SIGTERM: both mean "stop".
        if (isWorker()) return;
        process.stderr.write(`ferrox: ${signal} again, exiting now\n`);
        process.exit(EXIT_START_FAILED);
      }
      stopping = true;
      watcher?.dispose();
      server.stop().then(() => resolve(EXIT_OK), () => resolve(EXIT_START_FAILED));
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  });
}

function usageError(message: string): number {
  process.stderr.write(`ferrox: ${message}\nRun "ferrox --help" for usage.\n`);
  return EXIT_USAGE;
}

function isDirectory(folder: string): boolean {
  try {
    return fs.statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

// Exit by draining, not process.exit(): stdout may be a pipe whose writes are still pending.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // A worker's channel to its primary would keep it alive.
    if (isWorker()) process.disconnect?.();
  },
  (err: Error) => { process.stderr.write(`ferrox: unexpected error: ${err.stack ?? err.message}\n`); process.exitCode = EXIT_START_FAILED; },
);
