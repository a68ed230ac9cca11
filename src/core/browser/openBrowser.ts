/** Starts a browser on a URL without waiting for it, on this machine's platform. */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { browserLaunch, type BrowserPlatform, type PlatformFacts } from './browserCommand';

/** This machine's facts: its platform and a PATH lookup. */
export function thisPlatform(env: NodeJS.ProcessEnv = process.env): PlatformFacts {
  const platform: BrowserPlatform =
    process.platform === 'darwin' || process.platform === 'win32' ? process.platform : 'linux';
  return {
    platform,
    findOnPath(name) {
      for (const dir of (env.PATH ?? '').split(path.delimiter)) {
        if (!dir) continue;
        const candidate = path.join(dir, name);
        try {
          fs.accessSync(candidate, fs.constants.X_OK);
          return candidate;
        } catch {
          /* not here */
        }
      }
      return undefined;
    },
  };
}

/**
 * Opens `url` with `browser` (see `browserLaunch`) and resolves at once. `onError` hears, in a
 * sentence that ends with "open URL yourself", a browser that could not be found or started, or
 * an opener that exited with a failure (xdg-open with no browser set up).
 */
export function openBrowser(
  url: string,
  browser: string | undefined,
  onError: (message: string) => void,
  facts: PlatformFacts = thisPlatform(),
): void {
  const yourself = `; open ${url} yourself`;
  let launch;
  try {
    launch = browserLaunch(url, browser, facts);
  } catch (err) {
    onError(`could not open a browser: ${(err as Error).message}${yourself}`);
    return;
  }
  const { command, args, verbatim, label } = launch;
  try {
    // Detached, so the browser is not in Ferrox's process group: stopping Ferrox leaves it open.
    const child = spawn(command, args, {
      stdio: 'ignore',
      detached: true,
      windowsVerbatimArguments: verbatim,
      windowsHide: true,
    });
    child.once('error', (err) => onError(`could not open ${label} (${command}: ${err.message})${yourself}`));
    child.once('exit', (code) => {
      if (code) onError(`could not open ${label} (${path.basename(command)} exited with ${code})${yourself}`);
    });
    child.unref();
  } catch (err) {
    onError(`could not open ${label} (${(err as Error).message})${yourself}`);
  }
}
