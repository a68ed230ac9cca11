import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { request, startServer, type Running } from '../helpers';

/** The status line a raw request gets. */
function statusOf(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(raw));
    socket.once('data', (d) => {
      resolve(d.toString().split('\r\n')[0]);
      socket.destroy();
    });
    socket.once('error', reject);
  });
}

describe('routing corners', () => {
  let dir: string;
  let srv: Running | undefined;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-corners-'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>home</title>');
    fs.writeFileSync(path.join(dir, '404.html'), "<!doctype html><title>lost</title><p>the site's own 404</p>");
    fs.writeFileSync(path.join(dir, '.env'), 'SECRET=1');
    fs.mkdirSync(path.join(dir, 'docs'));
    fs.writeFileSync(path.join(dir, 'docs', 'index.html'), '<!doctype html><title>docs</title>');
  });
  afterEach(async () => {
    await srv?.server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a hidden name gets the site's 404 page, as any missing file does, and never the file", async () => {
    srv = await startServer({ root: dir });
    for (const target of ['/.env', '/docs/.git/config']) {
      const reply = await request(srv.port, target);
      assert.equal(reply.status, 404, target);
      assert.match(reply.text, /the site's own 404/, target);
      assert.doesNotMatch(reply.text, /SECRET/);
    }
  });

  it('with clean URLs, /404 is a 404 and /index redirects to its folder', async () => {
    srv = await startServer({ root: dir, cleanUrls: true });
    const lost = await request(srv.port, '/404');
    assert.equal(lost.status, 404);
    assert.match(lost.text, /the site's own 404/);
    const index = await request(srv.port, '/index?x=1');
    assert.equal(index.status, 301);
    assert.equal(index.headers.location, '/?x=1');
    const docs = await request(srv.port, '/docs/index');
    assert.equal(docs.status, 301);
    assert.equal(docs.headers.location, '/docs/');
  });

  it('a target too long for the header block is 414; long headers are 431', async () => {
    srv = await startServer({ root: dir });
    assert.equal(
      await statusOf(srv.port, `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`),
      'HTTP/1.1 414 URI Too Long',
    );
    assert.equal(
      await statusOf(srv.port, `GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
      'HTTP/1.1 431 Request Header Fields Too Large',
    );
  });
});
