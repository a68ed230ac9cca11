import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FerroxServer } from '../../src/core';
import { browserSuite } from './browserHelpers';

const SW = `self.addEventListener('install', (e) => self.skipWaiting());
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (e) => {
  if (new URL(e.request.url).pathname === '/from-worker') e.respondWith(new Response('answered by site A\\'s worker'));
});`;
const PAGE_A = `<!doctype html><title>A</title><h1>site A</h1><script>
localStorage.setItem('left-by', 'A');
navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready).then(() => { window.workerReady = true; });
</script>`;

describe("one folder's browser state does not leak into the next one served on the same port, in Chromium", function () {
  this.timeout(60_000);
  const suite = browserSuite('site-state');

  it("a service worker and storage that site A left are gone when site B is served on A's port; the same site keeps its own", async () => {
    const a = path.join(suite.dir, 'a');
    const b = path.join(suite.dir, 'b');
    fs.mkdirSync(a);
    fs.mkdirSync(b);
    fs.writeFileSync(path.join(a, 'index.html'), PAGE_A);
    fs.writeFileSync(path.join(a, 'sw.js'), SW);
    fs.writeFileSync(path.join(b, 'index.html'), '<!doctype html><title>B</title><h1>site B</h1>');
    const first = new FerroxServer({ root: a, port: 0 });
    const { port } = await first.start();
    const context = await suite.browser.newContext();
    suite.onClose(() => context.close());
    const page = await context.newPage();
    const url = `http://127.0.0.1:${port}/`;
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { workerReady?: boolean }).workerReady === true);
    await page.reload();
    assert.equal(await page.evaluate(() => fetch('/from-worker').then((r) => r.text())), "answered by site A's worker");
    // A again, as after a restart: nothing of its own is cleared.
    await first.stop();
    const again = new FerroxServer({ root: a, port });
    await again.start();
    await page.goto(url);
    assert.equal(await page.evaluate(() => localStorage.getItem('left-by')), 'A', 'the same folder keeps its storage');
    assert.equal(await page.evaluate(() => navigator.serviceWorker.getRegistrations().then((r) => r.length)), 1);
    await again.stop();

    const next = new FerroxServer({ root: b, port });
    await next.start();
    suite.onClose(() => next.stop());
    await page.goto(url);
    assert.equal(await page.textContent('h1'), 'site B');
    await page.reload();
    const state = await page.evaluate(async () => ({
      registrations: (await navigator.serviceWorker.getRegistrations()).length,
      controlled: navigator.serviceWorker.controller !== null,
      storage: localStorage.getItem('left-by'),
      worker: await fetch('/from-worker').then((r) => r.status),
    }));
    assert.deepEqual(state, { registrations: 0, controlled: false, storage: null, worker: 404 });
  });
});
