#!/usr/bin/env node
/**
 * `ferrox`: the terminal front of the core. It owns the process: arguments, output, exit codes,
 * signals. The command line decides the mode (roles.ts): a server alone, the primary of a
 * cluster (workers.ts), or one of its workers; the first and the last both serve (serve.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  browserLaunch,
  FerroxServer,
  OptionsError,
  isWildcardAddress,
  newAccessToken,
  shareOptions,
  thisPlatform,
} from '../core';
import { parseCli, UsageError, type CliCommand } from './args';
import { localTlsOptions } from './https';
import { openOrNavigate } from './open';
import { projectFolder } from './project';
import { nameFlags } from './optionFlags';
import { colourFor, exposedWarning, painter } from './output';
import { ALONE, modeOf, workerRole } from './roles';
import { EXIT_OK, EXIT_START_FAILED, EXIT_USAGE, serve } from './serve';
import { stderr, stdout } from './streams';
import { USAGE } from './usage';
import { superviseWorkers } from './workers';

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
  const browserProblem = checkBrowser(command.browser);
  if (browserProblem) return usageError(browserProblem);

  const mode = modeOf(command.workers);
  const role = mode === 'worker' ? workerRole() : ALONE;
  if (command.https && !command.options.tls) {
    try {
      command.options.tls = await localTlsOptions(role.announcesCa);
    } catch (e) {
      stderr.write(`ferrox: ${(e as Error).message}\n`);
      return EXIT_START_FAILED;
    }
  }
  if (command.share) command.options = shareOptions(command.options, role.token ?? newAccessToken());

  let server: FerroxServer;
  try {
    server = new FerroxServer({ ...command.options, instanceId: role.instanceId });
  } catch (e) {
    if (e instanceof OptionsError) return usageError(e.problems.map(nameFlags).join('\n'));
    throw e;
  }
  // A source map may name originals in the project (src/ beside a served dist/), nowhere else.
  server.setSourceRoots([projectFolder(server.options.root)]);
  const open = command.open;
  // Once the whole server listens (alone, or every worker): warnings, and the browser.
  const afterListening = (url: string) => {
    if (isWildcardAddress(server.options.host) && !server.options.accessToken) stderr.write(exposedWarning(err) + '\n');
    if (open) {
      void openOrNavigate(
        url,
        command.browser,
        mode === 'primary' ? undefined : server,
        (m) => stderr.write(`ferrox: warning: ${m}\n`),
        (m) => stderr.write(`ferrox: ${m}\n`),
      );
    }
    const page = command.options.notFoundPage;
    if (page && !fs.existsSync(path.join(server.options.root, page))) {
      stderr.write(
        `ferrox: warning: --not-found-page ${page} is not in ${server.options.root}; missing files get the built-in page\n`,
      );
    }
  };
  if (mode === 'primary') return superviseWorkers(command.workers, afterListening);
  const code = await serve(command, server, role, usageError, mode === 'single' ? afterListening : undefined);
  role.done();
  return code;
}

/** A --browser that names no browser here, or cannot be read, is a bad command line. */
function checkBrowser(browser: string | undefined): string | undefined {
  if (browser === undefined) return undefined;
  try {
    browserLaunch('http://127.0.0.1/', browser, thisPlatform());
    return undefined;
  } catch (e) {
    return `--browser ${JSON.stringify(browser)}: ${(e as Error).message}`;
  }
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
    return (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}

// Exit by draining, not process.exit(): stdout may be a pipe whose writes are still pending.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: Error) => {
    stderr.write(`ferrox: unexpected error: ${e.stack ?? e.message}\n`);
    process.exitCode = EXIT_START_FAILED;
  },
);
