import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { launchChromium, startCli, type Cli } from './browserHelpers';

describe('sharing with a token in Chromium (ferrox --share --live)', function () {
  this.timeout(30_000);
  let dir: string;
  let cli: Cli;
  let browser: Browser;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-share-'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>shared</title><h1 id="msg">one</h1>');
    // Loopback only for the test's traffic; --share itself binds every interface.
    cli = await startCli([dir, '--port', '0', '--share', '--live', '--quiet']);
    browser = await launchChromium(chromium);
  });
  after(async () => {
    await browser?.close();
    await cli?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens the link with the token, lands on the page without it, and gets live reload through the cookie', async () => {
    const link = /^Serving .+ at (\S+)/.exec(cli.firstLine)![1];
    assert.match(link, /\?token=/);
    const page = await browser.newPage();
    try {
      const response = await page.goto(link);
      assert.equal(response?.status(), 200);
      assert.equal(new URL(page.url()).search, '', 'the token is gone from the address bar');
      assert.equal(await page.textContent('#msg'), 'one');
      await page.waitForFunction(() => (window as unknown as { __ferroxLive?: { connected: boolean } }).__ferroxLive?.connected === true);
      fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>shared</title><h1 id="msg">two</h1>');
      await page.waitForFunction(() => document.getElementById('msg')?.textContent === 'two');
      const stranger = await browser.newContext();
      const other = await stranger.newPage();
      const refused = await other.goto(new URL('/', link).href);
      assert.equal(refused?.status(), 401, 'another browser without the link gets nothing');
      await stranger.close();
    } finally {
      await page.close();
    }
  });
});
