import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { FerroxServer, OptionsError, PortInUseError, RootError, type AccessLogEntry } from '../../../src/core';
import type { ServerEvents } from '../../../src/core/live/protocol';
import { openEvents } from '../../shared/events';
import { makeFixture, request, startServer, type Fixture } from '../helpers';

/** Resolves true when something accepts a TCP connection on the port. */
function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Holds a port busy with a bare TCP listener. */
async function occupy(port = 0): Promise<net.Server> {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
  return blocker;
}

describe('lifecycle', () => {
  let fx: Fixture;
  before(() => {
    fx = makeFixture();
    fs.writeFileSync(path.join(fx.root, 'large.bin'), Buffer.alloc(32 * 1024 * 1024, 7));
  });
  after(() => fx.cleanup());

  it('start() resolves with the bound address; port 0 picks a free port', async () => {
    const server = new FerroxServer({ root: fx.root, port: 0 });
    try {
      const address = await server.start();
      assert.ok(address.port > 0);
      assert.equal(address.url, `http://127.0.0.1:${address.port}/`);
      assert.deepEqual(await server.start(), address, 'start() while running returns the same address');
      assert.equal((await request(address.port, '/hello.txt')).status, 200);
    } finally {
      await server.stop();
    }
  });

  it('stop() frees the port and leaves nothing listening', async () => {
    const { server, port } = await startServer({ root: fx.root });
    const keepAlive = new http.Agent({ keepAlive: true });
    await new Promise((resolve) =>
      http.get({ port, host: '127.0.0.1', path: '/hello.txt', agent: keepAlive }, (res) => {
        res.resume();
        res.on('end', resolve);
      }),
    );
    const started = Date.now();
    await server.stop();
    assert.ok(Date.now() - started < 1000, 'an idle keep-alive socket does not delay stop');
    assert.equal(await isListening(port), false);
    keepAlive.destroy();
    const again = new FerroxServer({ root: fx.root, port });
    await again.start();
    await again.stop();
  });

  it('a busy port gives PortInUseError naming the port', async () => {
    const blocker = await occupy();
    const port = (blocker.address() as net.AddressInfo).port;
    const server = new FerroxServer({ root: fx.root, port });
    try {
      await assert.rejects(
        server.start(),
        (err: Error) => err instanceof PortInUseError && err.port === port && err.message.includes(String(port)),
      );
      assert.equal(server.address, undefined);
    } finally {
      blocker.close();
    }
  });

  it('portFallback tries the next ports and reports the one it bound', async () => {
    const blocker = await occupy();
    const port = (blocker.address() as net.AddressInfo).port;
    const server = new FerroxServer({ root: fx.root, port, portFallback: 5 });
    try {
      const address = await server.start();
      assert.ok(address.port > port && address.port <= port + 5, `bound ${address.port}`);
      assert.equal(server.options.port, port, 'the configured port is left as it was');
    } finally {
      await server.stop();
      blocker.close();
    }
  });

  it('a missing root gives RootError', async () => {
    const server = new FerroxServer({ root: path.join(fx.base, 'nope'), port: 0 });
    await assert.rejects(server.start(), RootError);
    const file = new FerroxServer({ root: path.join(fx.root, 'hello.txt'), port: 0 });
    await assert.rejects(file.start(), /not a folder/);
  });

  it('stop() lets an in-flight response finish', async () => {
    const { server, port } = await startServer({ root: fx.root, shutdownTimeoutMs: 10_000 });
    let received = 0;
    const done = new Promise<number>((resolve, reject) => {
      http
        .get({ port, host: '127.0.0.1', path: '/large.bin', agent: false }, (res) => {
          res.pause();
          setTimeout(() => res.resume(), 300);
          res.on('data', (c: Buffer) => {
            received += c.length;
          });
          res.on('end', () => resolve(received));
          res.on('error', reject);
        })
        .on('error', reject);
    });
    await new Promise((r) => setTimeout(r, 100));
    await server.stop();
    assert.equal(await done, 32 * 1024 * 1024, 'the whole body arrived');
    assert.equal(await isListening(port), false);
  });

  it('stop() cuts a stalled response at the deadline', async () => {
    const { server, port } = await startServer({ root: fx.root, shutdownTimeoutMs: 300 });
    let response: http.IncomingMessage | undefined;
    http
      .get({ port, host: '127.0.0.1', path: '/large.bin', agent: false }, (res) => {
        response = res;
        res.pause();
      })
      .on('error', () => undefined);
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(response, 'the response started');
    const started = Date.now();
    await server.stop();
    const took = Date.now() - started;
    assert.ok(took >= 250 && took < 2000, `stop took ${took} ms (deadline 300 ms)`);
    // A paused stream reports the cut only once it is read again.
    const res = response;
    const aborted = new Promise<boolean>((resolve) => {
      res.on('error', () => resolve(true));
      res.on('close', () => resolve(!res.complete));
      res.resume();
    });
    assert.equal(await aborted, true);
  });

  describe('reconfigure', () => {
    it('applies listing and header changes without rebinding', async () => {
      const { server, port } = await startServer({ root: fx.root });
      try {
        assert.equal((await request(port, '/docs/')).status, 200);
        const address = await server.reconfigure({
          ...server.options,
          directoryListing: false,
          headers: { 'X-New': '1' },
        });
        assert.equal(address?.port, port);
        const r = await request(port, '/docs/');
        assert.equal(r.status, 404);
        assert.equal(r.headers['x-new'], '1');
      } finally {
        await server.stop();
      }
    });

    it('rebinds when the port changes, and the old port is freed', async () => {
      const { server, port } = await startServer({ root: fx.root });
      try {
        const probe = await occupy();
        const newPort = (probe.address() as net.AddressInfo).port;
        await new Promise((r) => probe.close(r));
        const address = await server.reconfigure({ ...server.options, port: newPort });
        assert.equal(address?.port, newPort);
        assert.equal((await request(newPort, '/hello.txt')).status, 200);
        assert.equal(await isListening(port), false);
      } finally {
        await server.stop();
      }
    });

    it('tells the pages open at the old port where the server went, before their stream ends', async () => {
      const { server, port } = await startServer({ root: fx.root, liveReload: true });
      const events = await openEvents(port);
      try {
        assert.equal((await events.next()).event, 'hello');
        const probe = await occupy();
        const newPort = (probe.address() as net.AddressInfo).port;
        await new Promise((r) => probe.close(r));
        await server.reconfigure({ ...server.options, port: newPort });
        assert.deepEqual(await events.next(), {
          event: 'moved',
          data: { protocol: 'http', port: newPort } satisfies ServerEvents['moved'],
        });
      } finally {
        events.close();
        await server.stop();
      }
    });

    it('on any port (0), keeps the port it has when another change rebinds it, so open pages keep their URL', async () => {
      const { server, port } = await startServer({ root: fx.root, port: 0 });
      try {
        assert.equal((await server.reconfigure({ ...server.options, host: '0.0.0.0' }))?.port, port);
        assert.equal((await server.reconfigure({ ...server.options, host: '127.0.0.1' }))?.port, port);
        assert.equal((await request(port, '/hello.txt')).status, 200);
      } finally {
        await server.stop();
      }
    });

    it('moves between all interfaces and loopback on the same port (the binds overlap)', async () => {
      const probe = await occupy();
      const fixed = (probe.address() as net.AddressInfo).port;
      await new Promise((r) => probe.close(r));
      const server = new FerroxServer({ root: fx.root, host: '0.0.0.0', port: fixed });
      try {
        await server.start();
        const address = await server.reconfigure({ ...server.options, host: '127.0.0.1' });
        assert.equal(address?.host, '127.0.0.1');
        assert.equal((await request(fixed, '/hello.txt')).status, 200);
        assert.equal((await server.reconfigure({ ...server.options, host: '0.0.0.0' }))?.host, '0.0.0.0');
        assert.equal((await request(fixed, '/hello.txt')).status, 200);
      } finally {
        await server.stop();
      }
    });

    it('keeps the running server when the new options are invalid or the port is busy', async () => {
      const { server, port } = await startServer({ root: fx.root });
      const blocker = await occupy();
      try {
        await assert.rejects(
          server.reconfigure({ ...server.options, port: -1 }),
          (e: Error) => e instanceof OptionsError && /port/.test(e.message),
        );
        await assert.rejects(server.reconfigure({ ...server.options, root: path.join(fx.base, 'gone') }), RootError);
        await assert.rejects(
          server.reconfigure({ ...server.options, port: (blocker.address() as net.AddressInfo).port }),
          PortInUseError,
        );
        assert.equal((await request(port, '/hello.txt')).status, 200, 'the last good server still answers');
        assert.equal(server.address?.port, port);
      } finally {
        blocker.close();
        await server.stop();
      }
    });

    it('switches the served root', async () => {
      const { server, port } = await startServer({ root: fx.root });
      try {
        await server.reconfigure({ ...server.options, root: path.join(fx.root, 'docs') });
        assert.equal((await request(port, '/readme.md')).text, '# docs\n');
      } finally {
        await server.stop();
      }
    });
  });

  describe('events', () => {
    it('emits one access entry per request with the documented fields', async () => {
      const { server, port } = await startServer({ root: fx.root });
      const entries: AccessLogEntry[] = [];
      server.on('access', (e) => entries.push(e));
      try {
        await request(port, '/hello.txt?q=1', { headers: { 'User-Agent': 'tester/1', Referer: 'http://localhost/' } });
        await request(port, '/big.txt', { headers: { 'Accept-Encoding': 'gzip' } });
        await request(port, '/nope');
        await new Promise((r) => setImmediate(r));
        assert.equal(entries.length, 3);
        const [hello, big, missing] = entries;
        assert.equal(hello.method, 'GET');
        assert.equal(hello.path, '/hello.txt?q=1');
        assert.equal(hello.status, 200);
        assert.equal(hello.bytes, 12);
        assert.equal(hello.userAgent, 'tester/1');
        assert.equal(hello.remoteAddress, '127.0.0.1');
        assert.ok(hello.durationMs >= 0 && hello.time instanceof Date);
        assert.ok(big.bytes > 0 && big.bytes < 90_000 / 5, `compressed bytes counted: ${big.bytes}`);
        assert.equal(missing.status, 404);
      } finally {
        await server.stop();
      }
    });

    it('never blocks on a FIFO or other special file', async () => {
      const { server, port } = await startServer({ root: fx.root });
      execFileSync('mkfifo', [path.join(fx.root, 'pipe.txt')]);
      try {
        assert.equal((await request(port, '/pipe.txt')).status, 404);
        const listing = await request(port, '/');
        assert.ok(!listing.text.includes('pipe.txt'), 'not listed');
      } finally {
        await server.stop();
      }
    });
  });
});
