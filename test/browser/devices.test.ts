import * as assert from 'node:assert/strict';
import { browserSuite, DESKTOP, freePort, liveConnected, PHONE, startCli, until, type Cli } from './browserHelpers';

describe('several devices on one server, in Chromium (ferrox --live)', function () {
  this.timeout(30_000);
  const suite = browserSuite('devices', {
    'index.html': '<!doctype html><html><head><title>home</title></head><body><h1>home</h1></body></html>',
    'about.html': '<!doctype html><html><head><title>about</title></head><body><h1>about</h1></body></html>',
  });
  let cli: Cli;

  before(async () => {
    cli = await startCli([suite.dir, '--port', String(await freePort()), '--live']);
    suite.onClose(() => cli.stop());
  });

  it('says who is watching: a phone and a desktop, their sizes and pages', async () => {
    const phone = await suite.browser.newContext(PHONE);
    const desktop = await suite.browser.newContext(DESKTOP);
    try {
      await suite.openLive(cli.url, phone);
      const about = await desktop.newPage();
      await about.goto(new URL('about.html', cli.url).href);
      await liveConnected(about);
      await until('the line', () => /2 pages on 2 devices/.test(cli.stderr()));
      assert.match(
        cli.stderr(),
        /^ferrox: 2 pages on 2 devices: desktop 1280×800 \/about\.html \(Chrome\), phone 390×844 \/ \(Chrome\)$/m,
      );
    } finally {
      await phone.close();
      await desktop.close();
    }
    await until('the pages gone', () => /^ferrox: no pages connected$/m.test(cli.stderr()));
  });
});
