/** `--open`: the served URL in the user's default browser, without waiting for it. */
import { spawn } from 'node:child_process';

/**
 * The command that opens a URL here. FERROX_OPEN_COMMAND replaces it (the URL is appended as
 * the last argument), so tests can check what would be opened without starting a browser.
 */
function opener(url: string, env: NodeJS.ProcessEnv): [string, string[]] {
  const custom = env.FERROX_OPEN_COMMAND;
  if (custom) {
    const [cmd, ...args] = custom.split(' ').filter(Boolean);
    return [cmd, [...args, url]];
  }
  if (process.platform === 'darwin') return ['open', [url]];
  if (process.platform === 'win32') return ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]];
  return ['xdg-open', [url]];
}

/** Starts the browser and resolves at once; calls `onError` if no browser could be started. */
export function openBrowser(url: string, onError: (message: string) => void, env: NodeJS.ProcessEnv = process.env): void {
  const [cmd, args] = opener(url, env);
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true, env });
    child.once('error', (err) => onError(`could not open a browser (${cmd}: ${err.message}); open ${url} yourself`));
    // xdg-open and friends start, then fail when no browser is set up: that is news too.
    child.once('exit', (code) => { if (code) onError(`could not open a browser (${cmd} exited with ${code}); open ${url} yourself`); });
    child.unref();
  } catch (err) {
    onError(`could not open a browser (${(err as Error).message}); open ${url} yourself`);
  }
}
