/**
 * `--open` and `--browser`: the served URL in a browser, once listening. A page of this server
 * that was open before a restart reconnects within a moment (live reload's retry is 300 ms): it
 * is taken to the URL instead, so restarting never piles up tabs.
 */
import { openBrowser, type FerroxServer } from '../core';

/** How long a restarted server waits for an open page to come back before opening a tab. */
const RECONNECT_WAIT_MS = 1000;
const POLL_MS = 50;

/**
 * Opens `url` with `browser` (undefined: the default browser), unless a tab of `server` (with
 * live reload; none for a cluster's primary) connects within RECONNECT_WAIT_MS: that tab goes to
 * the URL, and `note` says so.
 */
export async function openOrNavigate(
  url: string, browser: string | undefined, server: FerroxServer | undefined,
  warn: (message: string) => void, note: (message: string) => void,
): Promise<void> {
  if (server?.options.liveReload) {
    for (let waited = 0; waited < RECONNECT_WAIT_MS; waited += POLL_MS) {
      if (server.pages.some((p) => !p.framed)) {
        server.navigate({ path: new URL(url).pathname });
        note('a page of this server was open: it went to the URL (no new tab)');
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
  openBrowser(url, browser, warn);
}
