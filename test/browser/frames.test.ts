import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Frame, Page } from 'playwright-core';
import { FerroxServer } from '../../src/core';
import { browserSuite, liveConnected, until } from './browserHelpers';

const KEY = 'preview-key-of-the-editor-session';

/** A page on `host` that frames `src` and keeps every message its frame posts; `script` runs beside. */
async function framer(host: string, src: string, script: string): Promise<http.Server> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(`<!doctype html><iframe id="f" src="${src}"></iframe><script>
window.got = [];
const frame = document.getElementById('f');
window.addEventListener('message', (e) => { if (e.source === frame.contentWindow) window.got.push(e.data); });
${script}
</script>`);
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  return server;
}

describe('a served page in a frame of another origin, in Chromium', function () {
  this.timeout(30_000);
  const suite = browserSuite('frames', {
    'callback.html': '<!doctype html><title>callback</title><p id="p">signed in</p>',
  });
  let server: FerroxServer;
  let target: string;

  before(async () => {
    server = new FerroxServer({ root: suite.dir, port: 0, liveReload: true, previewKey: KEY });
    await server.start();
    suite.onClose(() => server.stop());
    // As a proxied login flow's callback would be: the code in the URL is what an attacker wants.
    target = `${server.address!.url}callback.html?code=SECRET-CODE`;
  });

  async function framed(page: Page): Promise<Frame> {
    await until('the frame', () => page.frames().some((f) => f.url().startsWith(target)));
    const frame = page.frames().find((f) => f.url().startsWith(target))!;
    await liveConnected(frame);
    return frame;
  }

  /** Every message the framing page got, once the frame's own probe (sent last) has arrived. */
  async function messagesAfterProbe(page: Page, frame: Frame): Promise<unknown[]> {
    await frame.evaluate(() => {
      location.hash = 'moved';
      parent.postMessage({ probe: true }, '*');
    });
    await page.waitForFunction(() => (window as unknown as { got: { probe?: boolean }[] }).got.some((m) => m.probe));
    return page.evaluate(() => (window as unknown as { got: unknown[] }).got);
  }

  it('tells a framing page of another origin nothing but that it is ready, whatever that page posts', async () => {
    const attacker = await framer(
      '127.0.0.2',
      target,
      `
frame.addEventListener('load', () => {
  frame.contentWindow.postMessage({ ferrox: 'preview', key: 'a guess' }, '*');
  frame.contentWindow.postMessage({ ferrox: 'nav', action: 'reload' }, '*');
});`,
    );
    suite.onClose(() => attacker.close());
    const page = await suite.browser.newPage();
    try {
      await page.goto(`http://127.0.0.2:${(attacker.address() as AddressInfo).port}/`);
      const frame = await framed(page);
      const got = await messagesAfterProbe(page, frame);
      assert.deepEqual(got, [{ ferrox: 'ready' }, { probe: true }], 'no location, so no code from the URL');
      assert.ok(!JSON.stringify(got).includes('SECRET'));
      assert.equal(
        await frame.evaluate(
          () => (window as unknown as { __ferroxLive: { previewed?: boolean } }).__ferroxLive.previewed,
        ),
        undefined,
      );
      assert.equal(await frame.textContent('#p'), 'signed in');
    } finally {
      await page.close();
    }
  });

  it('reports its location to the preview that posts the key, and to its origin alone', async () => {
    const preview = await framer(
      '127.0.0.3',
      target,
      `
const key = ${JSON.stringify(KEY)};
const introduce = () => frame.contentWindow.postMessage({ ferrox: 'preview', key }, ${JSON.stringify(new URL(target).origin)});
frame.addEventListener('load', introduce);
window.addEventListener('message', (e) => { if (e.source === frame.contentWindow && e.data.ferrox === 'ready') introduce(); });`,
    );
    suite.onClose(() => preview.close());
    const page = await suite.browser.newPage();
    try {
      await page.goto(`http://127.0.0.3:${(preview.address() as AddressInfo).port}/`);
      const frame = await framed(page);
      await frame.waitForFunction(
        () => (window as unknown as { __ferroxLive: { previewed?: boolean } }).__ferroxLive.previewed === true,
      );
      const got = (await messagesAfterProbe(page, frame)) as { ferrox?: string; href?: string }[];
      const hrefs = got.filter((m) => m.ferrox === 'location').map((m) => m.href);
      assert.ok(hrefs.includes(`${target}#moved`), JSON.stringify(got));
    } finally {
      await page.close();
    }
  });
});
