/**
 * `--open` and `--browser`: the served URL in a browser, once listening. A page of this server
 * that was open before a restart reconnects within a moment: it is taken to the URL instead, so
 * restarting never piles up tabs.
 */
import { openBrowser, RECONNECT_WAIT_MS, tabConnected, type FerroxServer } from '../core';

/**
 * Opens `url` with `browser` (undefined: the default browser), unless a tab of `server` (with
 * live reload; none for a cluster's primary) connects within RECONNECT_WAIT_MS: that tab goes to
 * the URL, and `note` says so.
 */
export async function openOrNavigate(
  url: string,
  browser: string | undefined,
  server: FerroxServer | undefined,
  warn: (message: string) => void,
  note: (message: string) => void,
): Promise<void> {
  if (server?.options.liveReload && (await tabConnected(() => server.pages, RECONNECT_WAIT_MS))) {
    server.navigate({ path: new URL(url).pathname });
    note('a page of this server was open: it went to the URL (no new tab)');
    return;
  }
  openBrowser(url, browser, warn);
}
