import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { describePages, onThisMachine, tabConnected, type ConnectedPage } from '../../../src/core';
import { deviceOf, RETURN_GRACE_MS } from '../../../src/core/live/connectedPages';
import { startServer, type Running } from '../helpers';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const UA = {
  pixel:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
  ipad: 'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  tab: 'Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  firefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  edge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
  macSafari:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
};

describe('who is watching', function () {
  this.timeout(10_000);

  it('tells the device kind and browser from a user agent', () => {
    assert.deepEqual(deviceOf(UA.pixel), { device: 'phone', browser: 'Chrome' });
    assert.deepEqual(deviceOf(UA.ipad), { device: 'tablet', browser: 'Safari' });
    assert.deepEqual(deviceOf(UA.tab), { device: 'tablet', browser: 'Chrome' });
    assert.deepEqual(deviceOf(UA.firefox), { device: 'desktop', browser: 'Firefox' });
    assert.deepEqual(deviceOf(UA.edge), { device: 'desktop', browser: 'Edge' });
    assert.deepEqual(deviceOf(UA.macSafari), { device: 'desktop', browser: 'Safari' });
    assert.deepEqual(deviceOf(''), { device: 'desktop', browser: 'a browser' });
  });

  it('tells a page on this machine (a loopback peer, IPv4, IPv6 or mapped) from one on another device', () => {
    const at = (deviceId: string) =>
      ({ id: 'x', page: '/', device: 'desktop', browser: 'Chrome', deviceId }) as ConnectedPage;
    for (const id of ['127.0.0.1|UA', '::ffff:127.0.0.1|UA', '::1|UA', '127.9.9.9|Mozilla|with a bar'])
      assert.equal(onThisMachine(at(id)), true, id);
    for (const id of ['192.168.1.7|UA', '::ffff:10.0.0.2|UA', '|UA', 'fe80::1|UA'])
      assert.equal(onThisMachine(at(id)), false, id);
  });

  it("says the pages in a line: pages, devices, and each page's device, size and path", () => {
    const page = (p: Partial<ConnectedPage>): ConnectedPage => ({
      id: 'p1',
      page: '/',
      device: 'desktop',
      browser: 'Chrome',
      deviceId: 'a',
      ...p,
    });
    assert.equal(describePages([]), 'no pages connected');
    assert.equal(
      describePages([page({ viewport: { width: 1280, height: 800 } })]),
      '1 page on 1 device: desktop 1280×800 / (Chrome)',
    );
    assert.equal(
      describePages([
        page({
          page: '/index.html',
          device: 'phone',
          viewport: { width: 390, height: 844 },
          deviceId: 'p',
          browser: 'Safari',
        }),
        page({ page: '/about.html', deviceId: 'd' }),
        page({ page: '/', deviceId: 'd' }),
      ]),
      '3 pages on 2 devices: desktop / (Chrome), desktop /about.html (Chrome), phone 390×844 /index.html (Safari)',
    );
  });

  describe('is a tab open? (a restart opens no second tab)', () => {
    const tab = (p: Partial<ConnectedPage> = {}): ConnectedPage => ({
      id: 'p1',
      page: '/',
      device: 'desktop',
      browser: 'Chrome',
      deviceId: 'a',
      ...p,
    });

    it('a tab connected now: yes at once; only frames: no, after the wait', async () => {
      assert.equal(await tabConnected(() => [tab()], 0), true);
      const started = Date.now();
      assert.equal(await tabConnected(() => [tab({ framed: true })], 200), false);
      assert.ok(Date.now() - started >= 200, 'waited for a tab to come');
    });

    it('a tab reloading after the restart (stale) is waited for past the wait, and counts once it is back', async () => {
      let pages = [tab({ stale: true })];
      setTimeout(() => {
        pages = [tab()];
      }, 400);
      const started = Date.now();
      assert.equal(await tabConnected(() => pages, 100), true);
      assert.ok(Date.now() - started >= 400, 'a stale tab alone is not yet a tab to send the page to');
    });
  });

  describe('the server', () => {
    let srv: Running;
    let dir: string;
    before(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-pages-'));
      srv = await startServer({ root: dir, liveReload: true });
    });
    after(async () => {
      await srv.server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    let hello = '';
    const open = (query: string, ua: string) =>
      new Promise<http.IncomingMessage>((resolve) =>
        http.get(
          {
            port: srv.port,
            host: '127.0.0.1',
            path: `/__ferrox/events?${query}`,
            headers: { 'User-Agent': ua },
            agent: false,
          },
          (res) =>
            res.once('data', (chunk: Buffer) => {
              hello = String(chunk);
              resolve(res);
            }),
        ),
      );

    it('tells who is watching once the list settles, not for a page that reloads, and refuses what a page may not say', async () => {
      const told: ConnectedPage[][] = [];
      srv.server.on('pages', (pages) => told.push(pages));
      const phone = await open('page=%2Fa.html&viewport=390x844', UA.pixel);
      const desk = await open('page=javascript:alert(1)&viewport=99999999x1', UA.firefox);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(told.length, 1);
      assert.equal(describePages(told[0]), '2 pages on 2 devices: desktop / (Firefox), phone 390×844 /a.html (Chrome)');
      // A reload: the stream closes and opens again within the settling time.
      phone.destroy();
      const again = await open('page=%2Fa.html&viewport=390x844', UA.pixel);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(told.length, 1, 'a reload is not news');
      again.destroy();
      desk.destroy();
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(told.at(-1), []);
      assert.equal(told.length, 2);
    });

    it('lists a page of an earlier instance as stale, and keeps it while it reloads, until it is back or the grace ends', async function () {
      this.timeout(RETURN_GRACE_MS + 5000);
      const staleOf = () => srv.server.pages.map((p) => p.stale === true);
      const old = await open('page=%2Fa.html&instance=before-restart', UA.firefox);
      const instance = (JSON.parse(/data: (.*)/.exec(hello)![1]) as { instance: string }).instance;
      assert.deepEqual(staleOf(), [true]);
      old.destroy();
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(staleOf(), [true], 'reloading: still listed');
      const current = await open(`page=%2Fa.html&instance=${instance}`, UA.firefox);
      assert.deepEqual(staleOf(), [false], 'back: listed once, current');
      current.destroy();
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(staleOf(), [], 'a current page goes with its stream');
      const gone = await open('page=%2Fb.html&instance=before-restart', UA.firefox);
      gone.destroy();
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(staleOf(), [true]);
      await new Promise((r) => setTimeout(r, RETURN_GRACE_MS));
      assert.deepEqual(staleOf(), [], 'a page that never came back is forgotten');
    });
  });
});
