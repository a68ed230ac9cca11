import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page, Request } from 'playwright-core';
import { browserSuite, liveConnected, startCli, until, type Cli } from './browserHelpers';

type Live = { __ferroxLive: { sync?: { joined: boolean }; connected: boolean } };

const joined = (page: Page) =>
  page.waitForFunction(() => (window as unknown as Live).__ferroxLive.sync?.joined === true);

describe('synced browsing against another site, in Chromium (ferrox --sync)', function () {
  this.timeout(30_000);
  const suite = browserSuite('sync-attacks', {
    'index.html': '<!doctype html><title>home</title><h1>home</h1>',
    'b.html': '<!doctype html><title>b</title><h1>b</h1>',
  });
  let cli: Cli;

  before(async () => {
    cli = await startCli([suite.dir, '--port', '0', '--sync', '--quiet']);
    suite.onClose(() => cli.stop());
  });

  it('a page framed by another site does not join, so it cannot move the synced tabs', async () => {
    const tab = await suite.openLive(cli.url);
    const attackerContext = await suite.browser.newContext();
    try {
      await joined(tab);
      const attacker = http.createServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end(
          `<!doctype html><title>another site</title><iframe src="${cli.url}b.html" width="400" height="300"></iframe>`,
        );
      });
      await new Promise<void>((r) => attacker.listen(0, '127.0.0.2', r));
      suite.onClose(() => attacker.close());
      const syncPosts: Request[] = [];
      attackerContext.on('request', (r) => {
        if (r.url().endsWith('/__ferrox/sync')) syncPosts.push(r);
      });
      const page = await attackerContext.newPage();
      await page.goto(`http://127.0.0.2:${(attacker.address() as AddressInfo).port}/`);
      const frame = page.frames().find((f) => f.url().endsWith('/b.html'))!;
      await liveConnected(frame);
      // Sync is on for the frame's page too (its hello said so), but it stays out. A page that
      // joins decides within 150 ms (it asks its browser's other tabs); give it far longer.
      await frame.waitForFunction(() => (window as unknown as Live).__ferroxLive.sync !== undefined);
      await page.waitForTimeout(1000);
      assert.equal(
        await frame.evaluate(() => (window as unknown as Live).__ferroxLive.sync!.joined),
        false,
        'the framed page did not join',
      );
      assert.equal(
        await frame.evaluate(() => document.querySelector('[data-ferrox-sync]')),
        null,
        'nor shows the switch',
      );
      assert.deepEqual(
        syncPosts.map((r) => r.postData()),
        [],
        'it sent nothing',
      );
      assert.equal(new URL(tab.url()).pathname, '/', 'the synced tab stayed where it was');
    } finally {
      await attackerContext.close();
      await tab.close();
    }
  });

  it('the server refuses a location that a browser would read as another site', async () => {
    const html = await (await fetch(cli.url)).text();
    const instance = /data-instance="([^"]+)"/.exec(html)![1];
    for (const url of [
      '/\\evil.example/x',
      '/\t/evil.example/x',
      '//evil.example/x',
      '/\\/evil.example',
      '/ok\u0000',
      '/ok\u009b',
    ]) {
      const reply = await fetch(`${cli.url}__ferrox/sync`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ instance, from: 'attacker', event: { kind: 'location', url } }),
      });
      assert.equal(reply.status, 400, JSON.stringify(url));
    }
  });

  it('a joined page goes nowhere but its own origin, whatever the server relays', async () => {
    const html = await (await fetch(cli.url)).text();
    const instance = /data-instance="([^"]+)"/.exec(html)![1];
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    try {
      const elsewhere: string[] = [];
      await context.route(
        (url) => url.hostname === 'evil.example',
        (route) => {
          elsewhere.push(route.request().url());
          return route.abort();
        },
      );
      // A relay that passes what the server refuses: the stream is answered here, not by the server.
      let connections = 0;
      const hello = `event: hello\ndata: ${JSON.stringify({ instance, sync: true })}\n\n`;
      const relayed = ['/\\evil.example/x', '/\t/evil.example/y', '//evil.example/z', 'http://evil.example/w']
        .map(
          (url) => `event: sync\ndata: ${JSON.stringify({ from: 'elsewhere', event: { kind: 'location', url } })}\n\n`,
        )
        .join('');
      await page.route('**/__ferrox/events*', (route) => {
        connections++;
        // The first streams only say hello (the page joins meanwhile); later ones relay the bad locations.
        return route.fulfill({
          status: 200,
          contentType: 'text/event-stream; charset=utf-8',
          body: `retry: 100\n\n${hello}${connections >= 3 ? relayed : ''}`,
        });
      });
      await page.goto(`${cli.url}b.html`);
      await joined(page);
      await until('the relayed locations were delivered twice', () => connections >= 5, 10_000);
      assert.deepEqual(elsewhere, [], 'no request left for another site');
      assert.equal(new URL(page.url()).pathname, '/b.html');
    } finally {
      await context.close();
    }
  });
});
