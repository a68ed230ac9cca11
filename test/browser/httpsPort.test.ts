import * as assert from 'node:assert/strict';
import { FerroxServer } from '../../src/core';
import { makeCert } from '../shared/testCerts';
import { browserSuite } from './browserHelpers';

describe('http:// typed for an HTTPS server, in Chromium', function () {
  this.timeout(30_000);
  const suite = browserSuite('https-port', { 'index.html': '<!doctype html><title>secure</title><h1>over TLS</h1>' });

  it('follows the redirect to https:// on the same port and shows the page', async () => {
    const server = new FerroxServer({ root: suite.dir, port: 0, tls: makeCert(suite.dir) });
    suite.onClose(() => server.stop());
    const { port } = await server.start();
    const context = await suite.browser.newContext({ ignoreHTTPSErrors: true });
    try {
      const page = await context.newPage();
      const answer = await page.goto(`http://127.0.0.1:${port}/index.html`);
      assert.equal(page.url(), `https://127.0.0.1:${port}/index.html`);
      assert.equal(answer?.status(), 200);
      assert.equal(await page.textContent('h1'), 'over TLS');
    } finally {
      await context.close();
    }
  });
});
