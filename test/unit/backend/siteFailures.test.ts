import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { PAGE_HEADER } from '../../../src/core/live/protocol';
import { request, startServer, type Running } from '../helpers';
import { again, tokenOf } from './fetchAgain';

describe("a backend's answers to a page fetched again, when they go wrong", function () {
  this.timeout(20_000);
  let backend: http.Server;
  let srv: Running;
  let body: (req: http.IncomingMessage, res: http.ServerResponse) => void = () => undefined;
  const html =
    (text: string | Buffer, type = 'text/html; charset=utf-8') =>
    (_req: http.IncomingMessage, res: http.ServerResponse) => {
      res.writeHead(200, { 'Content-Type': type });
      res.end(text);
    };

  before(async () => {
    backend = http.createServer((req, res) => body(req, res));
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-site-'));
    srv = await startServer({
      root,
      liveReload: true,
      proxy: { '/': { target: `http://127.0.0.1:${(backend.address() as AddressInfo).port}`, timeout: 1000 } },
    });
  });
  after(async () => {
    await srv.server.stop();
    backend.closeAllConnections();
    backend.close();
  });

  const first = async () => {
    const token = tokenOf((await request(srv.port, '/page')).text);
    assert.ok(token);
    return token;
  };

  it("decodes a page that is not UTF-8 by its charset: the header's, else its <meta>", async () => {
    body = html(
      Buffer.from('<!doctype html><title>t</title><p>caf\xe9</p>', 'latin1'),
      'text/html; charset=windows-1252',
    );
    const token = await first();
    body = html(
      Buffer.from('<!doctype html><title>t</title><p>caf\xe9 cr\xe8me</p>', 'latin1'),
      'text/html; charset=windows-1252',
    );
    const update = await again(srv.port, '/page', token);
    assert.ok(
      update.kind === 'morph' && update.old.includes('café') && update.html.includes('café crème'),
      JSON.stringify(update),
    );
    const sjis = (bytes: number[]) =>
      Buffer.concat([
        Buffer.from('<!doctype html><meta charset="shift_jis"><title>t</title><p>'),
        Buffer.from(bytes),
        Buffer.from('</p>'),
      ]);
    body = html(sjis([0x93, 0xfa, 0x96, 0x7b]), 'text/html');
    const token2 = await first();
    body = html(sjis([0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea]), 'text/html');
    const update2 = await again(srv.port, '/page', token2);
    assert.ok(update2.kind === 'morph' && update2.html.includes('日本語'), JSON.stringify(update2));
  });

  it('an answer cut off, too large or never ending is an error that says so, and the server goes on serving', async () => {
    body = html('<!doctype html><title>t</title><p>fine</p>');
    const token = await first();
    const cases: [string, RegExp, (req: http.IncomingMessage, res: http.ServerResponse) => void][] = [
      [
        'cut off',
        /closed the connection mid-answer/,
        (_q, res) => {
          res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Length': '1000' });
          res.write('<!doctype html><p>half');
          setTimeout(() => res.destroy(), 50);
        },
      ],
      ['too large', /larger than 4 MB/, html('<p>' + 'x'.repeat(5 * 1024 * 1024))],
      [
        'never ending',
        /did not end within 1 s/,
        (_q, res) => {
          res.writeHead(200, { 'Content-Type': 'text/html' });
          res.write('<!doctype html><p>trickle');
        },
      ],
    ];
    for (const [what, says, answer] of cases) {
      body = answer;
      const update = await again(srv.port, '/page', token);
      assert.equal(update.kind, 'error', what);
      assert.match(update.kind === 'error' ? update.html : '', says, what);
    }
    body = html('<p>' + 'y'.repeat(5 * 1024 * 1024));
    const huge = await request(srv.port, '/page');
    assert.equal(huge.text.length > 5 * 1024 * 1024, true, 'a huge page still streams whole');
    assert.deepEqual(await again(srv.port, '/page', tokenOf(huge.text)!), {
      kind: 'reload',
      reason: 'this page is not remembered (too large, or forgotten)',
      cookies: undefined,
    });
    body = html('<!doctype html><title>t</title><p>fine</p>');
    assert.equal((await again(srv.port, '/page', token)).kind, 'unchanged', 'the page survives it all');
  });

  it('passes on cookies the backend sets while rendering, and answers only the page itself', async () => {
    body = html('<!doctype html><title>t</title><p>c</p>');
    const token = await first();
    body = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html', 'Set-Cookie': 'session=renewed; Path=/; HttpOnly' });
      res.end('<!doctype html><title>t</title><p>c</p>');
    };
    assert.deepEqual((await again(srv.port, '/page', token)).cookies, ['session=renewed; Path=/; HttpOnly']);
    const cross = await request(srv.port, '/page', {
      headers: { [PAGE_HEADER]: token, 'Sec-Fetch-Site': 'cross-site' },
    });
    assert.equal(cross.status, 403);
    assert.equal(cross.headers['access-control-allow-origin'], undefined);
  });

  it("with in-place updates off, a backend's page carries an empty token (it reloads) and nothing is kept", async () => {
    body = html('<!doctype html><title>t</title><p>r</p>');
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-site-'));
    const off = await startServer({
      root,
      liveReload: true,
      htmlInPlace: false,
      backendUrl: `http://127.0.0.1:${(backend.address() as AddressInfo).port}`,
    });
    try {
      const page = (await request(off.port, '/page')).text;
      assert.match(page, /data-follow="backend" data-page=""/);
      assert.deepEqual(await again(off.port, '/page', ''), {
        kind: 'reload',
        reason: 'this page is not remembered (too large, or forgotten)',
        cookies: undefined,
      });
    } finally {
      await off.server.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("never tells the backend of Ferrox's own headers", async () => {
    let seen: http.IncomingHttpHeaders = {};
    body = (req, res) => {
      seen = req.headers;
      html('<!doctype html><p>h</p>')(req, res);
    };
    const token = await first();
    await again(srv.port, '/page', token);
    assert.equal(seen['x-ferrox-page'], undefined);
    assert.equal(seen['x-ferrox-live'], undefined);
  });
});

describe('a backend that restarts itself', function () {
  this.timeout(20_000);

  it('a request to the site that meets a refused connection waits for it, boundedly; a prefix rule answers 502 at once', async () => {
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-site-'));
    const srv = await startServer({
      root,
      proxy: { '/': `http://127.0.0.1:${port}`, '/api': `http://127.0.0.1:${port}` },
    });
    const later = http.createServer((_q, s) => s.end('back'));
    try {
      const api = Date.now();
      assert.equal((await request(srv.port, '/api/x')).status, 502);
      assert.ok(Date.now() - api < 500, 'a prefix rule does not wait');
      const asked = Date.now();
      setTimeout(() => later.listen(port, '127.0.0.1'), 600);
      const reply = await request(srv.port, '/x');
      assert.equal(reply.text, 'back');
      assert.ok(Date.now() - asked >= 500, 'it waited for the backend');
    } finally {
      later.close();
      await srv.server.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
