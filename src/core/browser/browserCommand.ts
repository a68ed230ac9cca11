/**
 * Which process opens a URL: the system's default browser, a browser by name (`chrome`,
 * `firefox`, `edge`…) or a command the user gave, each with the user's arguments. Pure: the
 * platform and the PATH lookup are injected, so macOS and Windows are tested here too.
 */
import { splitCommandLine } from './commandLine';

export type BrowserPlatform = 'darwin' | 'win32' | 'linux';

export interface PlatformFacts {
  platform: BrowserPlatform;
  /** The full path of `name` on PATH, if it is there (only asked on Linux and the like). */
  findOnPath(name: string): string | undefined;
}

export interface BrowserLaunch {
  command: string;
  args: string[];
  /** cmd.exe's own quoting, not Node's (Windows only). */
  verbatim?: boolean;
  /** How to name what was started, in messages. */
  label: string;
}

interface KnownBrowser {
  mac?: string;
  windows?: string;
  linux?: string[];
}

/** Names users type, with each platform's way to reach that browser. */
const KNOWN: Record<string, KnownBrowser> = {
  chrome: {
    mac: 'Google Chrome',
    windows: 'chrome',
    linux: ['google-chrome', 'google-chrome-stable', 'chromium', 'chromium-browser'],
  },
  chromium: { mac: 'Chromium', windows: 'chromium', linux: ['chromium', 'chromium-browser'] },
  firefox: { mac: 'Firefox', windows: 'firefox', linux: ['firefox', 'firefox-esr'] },
  edge: { mac: 'Microsoft Edge', windows: 'msedge', linux: ['microsoft-edge', 'microsoft-edge-stable'] },
  brave: { mac: 'Brave Browser', windows: 'brave', linux: ['brave-browser', 'brave'] },
  opera: { mac: 'Opera', windows: 'opera', linux: ['opera'] },
  safari: { mac: 'Safari' },
};
const ALIASES: Record<string, string> = {
  'google-chrome': 'chrome',
  'google chrome': 'chrome',
  msedge: 'edge',
  'microsoft-edge': 'edge',
  'microsoft edge': 'edge',
};

export class BrowserChoiceError extends Error {
  readonly code = 'EBROWSER';
}

/** The known names, for help texts and settings. */
export const KNOWN_BROWSERS = Object.keys(KNOWN);

/**
 * How to open `url` with `browser` (undefined, '' or 'default': the system's default). The URL
 * goes last, after the user's arguments.
 */
export function browserLaunch(url: string, browser: string | undefined, facts: PlatformFacts): BrowserLaunch {
  const words = browser?.trim() ? splitCommandLine(browser.trim()) : [];
  if (words.length === 0 || (words.length === 1 && words[0].toLowerCase() === 'default'))
    return systemDefault(url, facts.platform);
  const [first, ...args] = words;
  const name = ALIASES[first.toLowerCase()] ?? first.toLowerCase();
  const known = KNOWN[name];
  const isPath = /[\\/]/.test(first);
  if (known && !isPath) return namedBrowser(url, name, known, args, facts);
  if (facts.platform === 'darwin' && !isPath) return macApp(url, first, args); // an app by its name: "Arc", "Firefox Developer Edition"
  if (facts.platform === 'win32') return windowsStart(url, first, args, first);
  return { command: first, args: [...args, url], label: first };
}

function systemDefault(url: string, platform: BrowserPlatform): BrowserLaunch {
  if (platform === 'darwin') return { command: 'open', args: [url], label: 'the default browser' };
  if (platform === 'win32') return windowsStart(url, undefined, [], 'the default browser');
  return { command: 'xdg-open', args: [url], label: 'the default browser' };
}

function namedBrowser(
  url: string,
  name: string,
  known: KnownBrowser,
  args: string[],
  facts: PlatformFacts,
): BrowserLaunch {
  if (facts.platform === 'darwin') {
    if (!known.mac) throw new BrowserChoiceError(`${name} is not a browser on macOS`);
    return macApp(url, known.mac, args);
  }
  if (facts.platform === 'win32') {
    if (!known.windows) throw new BrowserChoiceError(`${name} is not a browser on Windows`);
    // `start` finds browsers through their "App Paths" registration, which PATH does not have.
    return windowsStart(url, known.windows, args, name);
  }
  const candidates = known.linux ?? [];
  for (const candidate of candidates) {
    const found = facts.findOnPath(candidate);
    if (found) return { command: found, args: [...args, url], label: name };
  }
  throw new BrowserChoiceError(
    candidates.length
      ? `${name} was not found on PATH (looked for ${candidates.join(', ')})`
      : `${name} is not a browser on this system`,
  );
}

/**
 * `open -a App URL` hands the URL to the running app. Arguments reach only a new instance of it
 * (`-n … --args`), which is what a private window or another profile needs.
 */
function macApp(url: string, app: string, args: string[]): BrowserLaunch {
  if (args.length === 0) return { command: 'open', args: ['-a', app, url], label: app };
  return { command: 'open', args: ['-na', app, '--args', ...args, url], label: app };
}

/**
 * `cmd /c start "" [program] args… url`, with the line built here: Node's quoting would escape
 * the empty title ("") into something cmd reads as the title's text. Every word is quoted, so
 * `&` in a URL is not a command separator. (`%NAME%` inside quotes is still expanded by cmd; a
 * URL rarely holds such a pair and the query token never does.)
 */
function windowsStart(url: string, program: string | undefined, args: string[], label: string): BrowserLaunch {
  const words = [program, ...args, url].filter((w): w is string => w !== undefined);
  for (const w of words)
    if (w.includes('"'))
      throw new BrowserChoiceError(`a browser argument cannot contain a double quote on Windows: ${w}`);
  const line = ['/d', '/s', '/c', `"start "" ${words.map((w) => `"${w}"`).join(' ')}"`];
  return { command: 'cmd.exe', args: line, verbatim: true, label };
}
