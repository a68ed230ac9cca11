import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { browserSuite, liveConnected, startCli, type Cli } from './browserHelpers';

/**
 * A backend like a Flask or PHP app: it renders its page from a template in the workspace on
 * every request, gzip and all, and answers an API call.
 */
function startBackend(templates: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/api/data')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ value: `api says ${req.method}` }));
      return;
    }
    const template = fs.readFileSync(path.join(templates, 'page.tmpl'), 'utf8');
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><title>backend</title></head><body><h1 id="tpl">${template.trim()}</h1><p id="api">waiting</p>
<script>fetch('/api/data', { method: 'POST' }).then((r) => r.json()).then((d) => { document.getElementById('api').textContent = d.value; });</script>
</body></html>`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('a backend behind a proxy rule, in Chromium (ferrox --live --proxy)', function () {
  this.timeout(30_000);
  const suite = browserSuite('proxy', { 'templates/page.tmpl': 'version one' });
  let cli: Cli;

  before(async () => {
    const backend = await startBackend(path.join(suite.dir, 'templates'));
    suite.onClose(() => backend.close());
    const origin = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    cli = await startCli([
      suite.dir,
      '--port',
      '0',
      '--live',
      '--quiet',
      '--proxy',
      `/app=${origin}/`,
      '--proxy',
      `/api=${origin}/api`,
    ]);
    suite.onClose(() => cli.stop());
  });

  it("runs the page's fetch() through the proxy, and updates the backend's page in place when a workspace file changes", async () => {
    const page = await suite.browser.newPage();
    try {
      await page.goto(new URL('/app/', cli.url).href);
      await page.waitForFunction(() => document.getElementById('api')?.textContent === 'api says POST');
      assert.equal(await page.textContent('#tpl'), 'version one');
      await liveConnected(page);
      fs.writeFileSync(path.join(suite.dir, 'templates', 'page.tmpl'), 'version two');
      await page.waitForFunction(() => document.getElementById('tpl')?.textContent === 'version two');
      assert.equal(await page.textContent('#api'), 'api says POST', "in place: what the page's script wrote stays");
      assert.equal(
        await page.evaluate(() => (window as unknown as { __ferroxLive: { morphs: number } }).__ferroxLive.morphs),
        1,
      );
    } finally {
      await page.close();
    }
  });
});
