import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { startServer, type Running } from '../helpers';
import { startBackend, type Backend } from './backend';

const MB = 1024 * 1024;

/** Peak growth of this process's RSS (MB) while `work` runs, sampled every 10 ms. */
async function rssGrowth(work: () => Promise<void>): Promise<number> {
  global.gc?.();
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 10);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return (Math.max(peak, process.memoryUsage.rss()) - base) / MB;
}

describe('proxy rules: 100 MB each way, streamed', function () {
  this.timeout(60_000);
  let backend: Backend;
  let dir: string;
  let srv: Running;

  before(async () => {
    backend = await startBackend();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-stream-'));
    srv = await startServer({ root: dir, proxy: { '/api': backend.origin } });
    // Warm up: the first megabytes grow the heap and socket buffers whoever carries them.
    await new Promise<void>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: srv.port, path: '/api/download?mb=16', agent: false }, (res) => res.resume().on('end', resolve)).on('error', reject);
    });
  });
  after(async () => {
    await srv?.server.stop();
    await backend?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // Client, proxy and backend share this process: a proxy that held a body would add 100 MB here.
  it('downloads 100 MB through the proxy without holding it', async () => {
    let received = 0;
    const growth = await rssGrowth(() => new Promise<void>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: srv.port, path: '/api/download?mb=100', agent: false }, (res) => {
        res.on('data', (c: Buffer) => { received += c.length; });
        res.on('end', resolve);
        res.on('error', reject);
      }).on('error', reject);
    }));
    assert.equal(received, 100 * MB);
    assert.ok(growth < 32, `RSS grew by ${growth.toFixed(1)} MB`);
  });

  it('uploads 100 MB through the proxy without holding it', async () => {
    const chunk = Buffer.alloc(256 * 1024, 0x62);
    const expected = createHash('sha1');
    let reply = '';
    const growth = await rssGrowth(() => new Promise<void>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: srv.port, path: '/api/echo', method: 'POST', agent: false,
        headers: { 'Content-Length': String(100 * MB) } }, (res) => {
        res.on('data', (c: Buffer) => { reply += c; });
        res.on('end', resolve);
      });
      req.on('error', reject);
      let left = 100 * MB;
      const pump = () => {
        while (left > 0) {
          left -= chunk.length;
          expected.update(chunk);
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    }));
    const echo = JSON.parse(reply);
    assert.equal(echo.bytes, 100 * MB);
    assert.equal(echo.sha1, expected.digest('hex'));
    assert.ok(growth < 32, `RSS grew by ${growth.toFixed(1)} MB`);
  });
});
