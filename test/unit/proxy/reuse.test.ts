import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { request, startServer, type Running } from '../helpers';

/**
 * A backend that answers the first request on each connection, keeps it alive, and closes it
 * when a second request arrives: the race in which a pooled connection is reused just as the
 * backend's keep-alive timeout ends it.
 */
async function startClosingBackend(): Promise<{ port: number; connections: () => number; close(): void }> {
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let requests = 0;
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      while (buffered.includes('\r\n\r\n')) {
        const end = buffered.indexOf('\r\n\r\n') + 4;
        const length = Number(/content-length:\s*(\d+)/i.exec(buffered.slice(0, end))?.[1] ?? 0);
        if (buffered.length < end + length) return;
        buffered = buffered.slice(end + length);
        if (++requests === 1)
          socket.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\nfirst');
        else socket.destroy();
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => connections,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

describe('proxy rules: a pooled connection the backend closes as it is reused', () => {
  let backend: Awaited<ReturnType<typeof startClosingBackend>>;
  let dir: string;
  let srv: Running;

  beforeEach(async () => {
    backend = await startClosingBackend();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-reuse-'));
    srv = await startServer({ root: dir, proxy: { '/api': `http://127.0.0.1:${backend.port}` } });
  });
  afterEach(async () => {
    await srv.server.stop();
    backend.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends a request without a body once more on a new connection, so the browser sees no 502', async () => {
    assert.equal((await request(srv.port, '/api/a')).text, 'first');
    const again = await request(srv.port, '/api/b');
    assert.equal(again.status, 200);
    assert.equal(again.text, 'first', 'answered on a new connection');
    assert.equal(backend.connections(), 2);
  });

  it('never sends a request with a body twice: that one gets its 502', async () => {
    assert.equal((await request(srv.port, '/api/a')).text, 'first');
    const post = await request(srv.port, '/api/b', { method: 'POST', body: 'x', headers: { 'Content-Length': '1' } });
    assert.equal(post.status, 502);
    assert.match(post.text, /ECONNRESET/);
    assert.equal(backend.connections(), 1);
  });
});
