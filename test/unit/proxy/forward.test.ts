import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AccessLogEntry, Diagnostic } from '../../../src/core';
import { rawExchange, request, startServer, type Running } from '../helpers';
import { makeFixture, type Fixture } from '../helpers';
import { PROTOCOLS } from '../protocols';
import { GZIP_PAGE, startBackend, startTlsBackend, type Backend } from './backend';

for (const protocol of PROTOCOLS) {
  describe(`proxy rules: forwarding (${protocol.name})`, function () {
    this.timeout(20_000);
    let backend: Backend;
    let fx: Fixture;
    let srv: Running;
    const diagnostics: Diagnostic[] = [];
    const entries: AccessLogEntry[] = [];
    const ask = (path: string, options: Parameters<typeof request>[2] = {}) =>
      protocol.request(srv.port, path, options);

    before(async () => {
      backend = await startBackend();
      fx = makeFixture();
      srv = await startServer({
        root: fx.root,
        liveReload: true,
        ...protocol.options(),
        proxy: {
          '/api': `${backend.origin}/v1`,
          '/api/raw': { target: backend.origin, live: false },
          '/keep-host': { target: backend.origin, changeOrigin: false },
          '/down': 'http://127.0.0.1:9',
          '/slow': { target: backend.origin, timeout: 300 },
        },
      });
      srv.server.on('diagnostic', (d) => diagnostics.push(d));
      srv.server.on('access', (e) => entries.push(e));
    });
    after(async () => {
      await srv?.server.stop();
      await backend?.close();
      fx?.cleanup();
    });

    it('forwards every method with its body, joining the target path and keeping the query', async () => {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
        const body = method === 'GET' || method === 'OPTIONS' ? undefined : `payload for ${method}`;
        const r = await ask('/api/echo?q=1&r=two', {
          method,
          body,
          headers: body ? { 'Content-Type': 'text/plain', 'Content-Length': String(Buffer.byteLength(body)) } : {},
        });
        assert.equal(r.status, 200, method);
        const echo = JSON.parse(r.text);
        assert.equal(echo.method, method);
        assert.equal(echo.url, '/v1/echo?q=1&r=two');
        assert.equal(
          echo.sha1,
          createHash('sha1')
            .update(body ?? '')
            .digest('hex'),
          `${method} body arrives whole`,
        );
        assert.equal(r.headers['x-backend'], 'yes', 'response headers pass through');
      }
    });

    it('matches whole segments, longest prefix first; everything else is the folder', async () => {
      assert.equal((await ask('/apix')).status, 404, '/apix is not under /api');
      assert.equal((await ask('/hello.txt')).text, 'hello world\n');
      const raw = JSON.parse((await ask('/api/raw/echo')).text);
      assert.equal(raw.url, '/echo', '/api/raw wins over /api for /api/raw/echo');
      const rawish = await ask('/api/rawish/echo');
      assert.equal(rawish.status, 404);
      assert.equal(rawish.text, 'backend has no /v1/rawish/echo\n', 'but not for /api/rawish');
    });

    it('sets Host to the target, and X-Forwarded-* and Forwarded; drops hop-by-hop headers and its own token', async () => {
      const claims = { 'X-Forwarded-For': '10.0.0.9', 'X-Forwarded-Host': 'bank.test', Forwarded: 'for=10.0.0.9' };
      const r = await ask('/api/echo', {
        headers: {
          'X-Hop': 'secret',
          ...claims,
          ...(protocol.http1 ? { Connection: 'keep-alive, X-Hop', 'Keep-Alive': 'timeout=5' } : {}),
        },
      });
      const h = JSON.parse(r.text).headers;
      assert.equal(h.host, `127.0.0.1:${backend.port}`);
      assert.equal(h['x-forwarded-for'], '127.0.0.1', 'what a client claims is replaced: no proxy is trusted in front');
      assert.equal(h['x-forwarded-proto'], protocol.http1 ? 'http' : 'https');
      assert.equal(h['x-forwarded-host'], `127.0.0.1:${srv.port}`);
      assert.equal(
        h.forwarded,
        `for=127.0.0.1;host="127.0.0.1:${srv.port}";proto=${protocol.http1 ? 'http' : 'https'}`,
      );
      assert.equal(h['keep-alive'], undefined);
      if (protocol.http1) assert.equal(h['x-hop'], undefined, 'a header named in Connection is hop-by-hop');
      const kept = JSON.parse((await ask('/keep-host/echo')).text).headers;
      assert.equal(kept.host, `127.0.0.1:${srv.port}`, "changeOrigin: false keeps the browser's Host");
      await srv.server.reconfigure({ ...srv.server.options, trustProxy: true });
      try {
        const behind = JSON.parse((await ask('/api/echo', { headers: claims })).text).headers;
        assert.equal(behind['x-forwarded-for'], '10.0.0.9, 127.0.0.1', 'behind a trusted proxy they are appended to');
        assert.equal(behind['x-forwarded-host'], `bank.test, 127.0.0.1:${srv.port}`);
        assert.match(behind.forwarded, /^for=10\.0\.0\.9, for=127\.0\.0\.1;/);
      } finally {
        await srv.server.reconfigure({ ...srv.server.options, trustProxy: false });
      }
    });

    it('returns redirects instead of following them, with a Location at the target rewritten to this server', async () => {
      const local = `${protocol.http1 ? 'http' : 'https'}://127.0.0.1:${srv.port}`;
      const absolute = await ask('/api/redirect?to=absolute');
      assert.equal(absolute.status, 302);
      assert.equal(absolute.headers.location, `${local}/api/landing?x=1`);
      assert.equal((await ask('/api/redirect?to=path')).headers.location, `${local}/api/landing`);
      assert.equal((await ask('/api/redirect?to=elsewhere')).headers.location, 'https://example.test/x');
      assert.equal((await ask('/api/redirect?to=relative')).headers.location, 'landing');
    });

    it("passes repeated Set-Cookie, with Domain dropped so each cookie is the local host's", async () => {
      const r = await ask('/api/cookies');
      assert.deepEqual(
        r.headers['set-cookie'],
        ['a=1; Path=/; HttpOnly', 'b=2; Path=/; Secure'],
        "never the share token's cookie, of any port",
      );
    });

    it('injects live reload into backend HTML, gzip-compressed or not, with an exact length or chunked', async () => {
      const gz = await ask('/api/page.html', { headers: { 'Accept-Encoding': 'gzip' } });
      assert.equal(gz.status, 200);
      assert.equal(gz.headers['content-encoding'], undefined, 'decompressed on the way');
      assert.match(
        gz.text,
        /<head>(<script data-ferrox-early>.*?<\/script>)?<script src="\.\.\/__ferrox\/live\.js"[^>]*data-follow="backend" data-page="[\w-]{22}"[^>]*><\/script><title>from the backend/,
      );
      assert.ok(gz.text.endsWith('</body></html>'));
      assert.match(
        String(gz.headers.etag),
        /^W\/"v1-fx[\w-]{11}"$/,
        'the changed bytes keep a weak validator that names the tag',
      );
      const plain = await ask('/api/page.html?gzip=0');
      assert.equal(Number(plain.headers['content-length']), plain.body.length, 'identity: the length is exact');
      assert.ok(plain.body.length > Buffer.byteLength(GZIP_PAGE));
      const optOut = await ask('/api/raw/page.html?gzip=0');
      assert.equal(optOut.text, GZIP_PAGE, '"live": false leaves it untouched');
      const fetched = await ask('/api/page.html?gzip=0', { headers: { 'Sec-Fetch-Dest': 'empty' } });
      assert.equal(fetched.text, GZIP_PAGE, 'fetch() answers are data, not pages');
    });

    it('revalidates a backend page with its tag: 304 while the tag is the same, the whole page once it is not', async () => {
      const first = await ask('/api/page.html?gzip=0');
      const etag = String(first.headers.etag);
      assert.equal(first.headers['last-modified'], undefined, 'no date: the tag changes with the instance');
      assert.equal(
        first.headers['cache-control'],
        'no-cache',
        "the backend's max-age cannot keep a page with an old tag",
      );
      const same = await ask('/api/page.html?gzip=0', { headers: { 'If-None-Match': etag } });
      assert.equal(same.status, 304);
      assert.equal(same.headers.etag, etag, 'the 304 keeps naming the tag');
      assert.equal(
        backend.seen[backend.seen.length - 1].headers['if-none-match'],
        'W/"v1"',
        'the backend sees its own validator',
      );
      const stale = await ask('/api/page.html?gzip=0', { headers: { 'If-None-Match': 'W/"v1-fxAAAAAAAAAAA"' } });
      assert.equal(stale.status, 200, "a copy with another instance's tag is answered whole");
      assert.equal(backend.seen[backend.seen.length - 1].headers['if-none-match'], undefined);
      const raw = await ask('/api/raw/page.html?gzip=0', { headers: { 'If-None-Match': '"v1"' } });
      assert.equal(raw.status, 304, 'validators of answers without a tag pass untouched');
    });

    it('streams long answers as they are sent (SSE)', async () => {
      const arrivals = await new Promise<number[]>((resolve, reject) => {
        const times: number[] = [];
        if (protocol.http1) {
          http
            .get({ host: '127.0.0.1', port: srv.port, path: '/api/sse', agent: false }, (res) => {
              res.on('data', () => times.push(Date.now()));
              res.on('end', () => resolve(times));
            })
            .on('error', reject);
        } else {
          import('node:http2').then((h2) => {
            const session = h2.connect(`https://127.0.0.1:${srv.port}`, { rejectUnauthorized: false });
            const stream = session.request({ ':path': '/api/sse' });
            stream.on('data', () => times.push(Date.now()));
            stream.on('end', () => {
              session.close();
              resolve(times);
            });
            stream.on('error', reject);
          }, reject);
        }
      });
      assert.ok(arrivals.length >= 3, `three events arrive separately (${arrivals.length} chunks)`);
      assert.ok(arrivals[arrivals.length - 1] - arrivals[0] >= 200, 'spread out as the backend sent them');
    });

    it('passes trailers through', async () => {
      if (protocol.http1) {
        const trailers = await new Promise<NodeJS.Dict<string>>((resolve, reject) => {
          http
            .get(
              { host: '127.0.0.1', port: srv.port, path: '/api/trailers', agent: false, headers: { TE: 'trailers' } },
              (res) => {
                res.resume();
                res.on('end', () => resolve(res.trailers));
              },
            )
            .on('error', reject);
        });
        assert.equal(trailers['x-checksum'], 'abc123');
      } else {
        const h2 = await import('node:http2');
        const trailers = await new Promise<Record<string, unknown>>((resolve, reject) => {
          const session = h2.connect(`https://127.0.0.1:${srv.port}`, { rejectUnauthorized: false });
          const stream = session.request({ ':path': '/api/trailers' });
          stream.on('trailers', (t) => resolve(t));
          stream.resume();
          stream.on('end', () => session.close());
          stream.on('error', reject);
        });
        assert.equal(trailers['x-checksum'], 'abc123');
      }
    });

    it('answers 502 naming the target and the error when the backend is down, and says so once in the log', async () => {
      const before = diagnostics.length;
      const r = await ask('/down/anything');
      assert.equal(r.status, 502);
      assert.match(r.text, /http:\/\/127\.0\.0\.1:9.*ECONNREFUSED/s);
      const said = diagnostics.slice(before).filter((d) => d.message.includes('127.0.0.1:9'));
      assert.equal(said.length, 1);
      assert.equal(said[0].level, 'warning');
    });

    it("answers 504 when the backend does not answer within the rule's timeout, and closes that connection", async () => {
      const closed = backend.aborted('/slow');
      const started = Date.now();
      const r = await ask('/slow/slow');
      assert.equal(r.status, 504);
      assert.match(r.text, /did not answer within 0\.3 s/);
      assert.ok(Date.now() - started < 3000);
      await closed; // the backend saw its request end: no socket is left waiting
    });

    it('names an unknown host and an untrusted certificate; "secure": false accepts the certificate', async () => {
      const unknown = await startServer({ root: fx.root, proxy: { '/x': 'http://no-such-host.invalid:3000' } });
      try {
        const r = await request(unknown.port, '/x/y');
        assert.equal(r.status, 502);
        assert.match(r.text, /no-such-host\.invalid:3000[^]*(ENOTFOUND|EAI_AGAIN)/);
      } finally {
        await unknown.server.stop();
      }
      const tlsBackend = await startTlsBackend();
      const strict = await startServer({
        root: fx.root,
        proxy: { '/s': tlsBackend.origin, '/lax': { target: tlsBackend.origin, secure: false } },
      });
      try {
        const refused = await request(strict.port, '/s/echo');
        assert.equal(refused.status, 502);
        assert.match(refused.text, /TLS certificate is not trusted[^]*&quot;secure&quot;: false/);
        const lax = await request(strict.port, '/lax/echo');
        assert.equal(lax.status, 200);
        assert.equal(lax.text, 'tls backend /echo');
      } finally {
        await strict.server.stop();
        tlsBackend.close();
      }
    });

    it('marks proxied requests in the access log with the target and its time', async () => {
      entries.length = 0;
      await ask('/api/echo?x=1');
      await new Promise((r) => setTimeout(r, 50));
      const entry = entries.find((e) => e.path === '/api/echo?x=1');
      assert.ok(entry?.upstream, 'the entry names its backend');
      assert.equal(entry.upstream.target, `${backend.origin}/v1/echo?x=1`);
      assert.ok(entry.upstream.ms >= 0 && entry.upstream.ms <= entry.durationMs);
      assert.ok(entry.bytes > 50, `the body's size is counted (${entry.bytes})`);
    });

    if (protocol.http1) {
      it('aborts the backend request when the client goes away mid-answer, and logs nothing for it', async () => {
        const aborted = backend.aborted('/v1/hang');
        await new Promise<void>((resolve, reject) => {
          const req = http.get({ host: '127.0.0.1', port: srv.port, path: '/api/hang', agent: false }, (res) => {
            res.once('data', () => {
              req.destroy();
              resolve();
            });
          });
          req.on('error', () => undefined);
          setTimeout(() => reject(new Error('no first part')), 3000);
        });
        await aborted;
        await new Promise((r) => setTimeout(r, 100));
        assert.ok(!diagnostics.some((d) => d.message.includes('/hang')), 'a browser that left is no backend failure');
      });

      it('refuses absolute-form targets naming another host: never an open proxy', async () => {
        const seen = backend.seen.length;
        const { text } = await rawExchange(
          srv.port,
          `GET http://other.test/api/echo HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nConnection: close\r\n\r\n`,
        );
        assert.match(text, /^HTTP\/1\.1 400 /);
        assert.match(text, /not a proxy/);
        assert.equal(backend.seen.length, seen, 'nothing reached the backend');
        const own = await rawExchange(
          srv.port,
          `GET http://127.0.0.1:${srv.port}/api/echo HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nConnection: close\r\n\r\n`,
        );
        assert.match(own.text, /^HTTP\/1\.1 200 /, 'its own authority in absolute form is served as usual');
      });

      it('checks the Host before anything is forwarded', async () => {
        const seen = backend.seen.length;
        const r = await request(srv.port, '/api/echo', { headers: { Host: 'attacker.test' } });
        assert.equal(r.status, 403);
        assert.equal(backend.seen.length, seen);
      });
    }
  });
}
