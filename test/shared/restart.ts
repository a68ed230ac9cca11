import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { Page } from 'playwright-core';

interface LiveState {
  connected?: boolean;
  instance?: string;
}

/** The server instance a fresh GET of the page names in its live-reload tag. */
export function instanceOf(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => {
          const m = /data-instance="([^"]+)"/.exec(body);
          if (m) resolve(m[1]);
          else reject(new Error(`no live tag in ${url}: ${body.slice(0, 200)}`));
        });
      })
      .on('error', reject);
  });
}

/** Counts a page's loads from now on. */
export function countLoads(page: Page): () => number {
  let loads = 0;
  page.on('load', () => loads++);
  return () => loads;
}

/**
 * Waits until the page runs on `instance`, failing as soon as it has reloaded more than once since
 * the call (a reload loop), and then checks that it stays put.
 */
export async function settlesOn(page: Page, loads: () => number, instance: string): Promise<void> {
  const before = loads();
  const deadline = Date.now() + 8000;
  for (;;) {
    const seen = await page
      .evaluate(() => (window as unknown as { __ferroxLive?: LiveState }).__ferroxLive)
      .catch(() => undefined);
    assert.ok(loads() - before <= 1, `the page reloaded ${loads() - before} times after the restart`);
    if (seen?.connected && seen.instance === instance) break;
    assert.ok(Date.now() < deadline, `the page never connected to the new instance (${loads() - before} reloads)`);
    await new Promise((r) => setTimeout(r, 50));
  }
  // A loop reloads within a round trip or two; give it ten times that to show itself.
  await new Promise((r) => setTimeout(r, 1000));
  assert.ok(loads() - before <= 1, `the page reloaded ${loads() - before} times after the restart`);
}
