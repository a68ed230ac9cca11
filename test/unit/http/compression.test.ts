import * as assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { negotiateEncoding } from '../../../src/core/http/compression';
import { makeFixture, startServer, type Fixture, type Running } from '../helpers';
import { PROTOCOLS } from '../protocols';

for (const protocol of PROTOCOLS)
  describe(`compression over ${protocol.name}`, () => {
    const request = protocol.request;
    let fx: Fixture;
    let srv: Running;
    let original: Buffer;
    before(async () => {
      fx = makeFixture();
      srv = await startServer({ root: fx.root, ...protocol.options() });
      original = (await request(srv.port, '/big.txt')).body;
    });
    after(async () => {
      await srv.server.stop();
      fx.cleanup();
    });

    it('brotli-compresses text when the client accepts br, with Vary and a weak ETag', async () => {
      const r = await request(srv.port, '/big.txt', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-encoding'], 'br');
      assert.equal(r.headers.vary, 'Accept-Encoding');
      // Cached files send a kept variant with its length; streamed ones go chunked (HTTP/1) or as DATA frames (HTTP/2).
      if (r.headers['content-length'] !== undefined) assert.equal(Number(r.headers['content-length']), r.body.length);
      else if (protocol.http1) assert.equal(r.headers['transfer-encoding'], 'chunked');
      assert.match(String(r.headers.etag), /^W\/"/);
      assert.ok(r.body.length < original.length / 10, `compressed to ${r.body.length} of ${original.length}`);
      assert.deepEqual(zlib.brotliDecompressSync(r.body), original);
    });

    it('gzips when only gzip is accepted', async () => {
      const r = await request(srv.port, '/big.txt', { headers: { 'Accept-Encoding': 'gzip' } });
      assert.equal(r.headers['content-encoding'], 'gzip');
      assert.deepEqual(zlib.gunzipSync(r.body), original);
    });

    it('sends identity without Accept-Encoding, or when q=0 refuses both', async () => {
      for (const ae of [undefined, 'identity', 'br;q=0, gzip;q=0', '*;q=0']) {
        const r = await request(srv.port, '/big.txt', { headers: ae ? { 'Accept-Encoding': ae } : {} });
        assert.equal(r.headers['content-encoding'], undefined, String(ae));
        assert.equal(r.headers['content-length'], String(original.length));
        assert.equal(r.headers.vary, 'Accept-Encoding', 'Vary is sent for compressible types either way');
      }
    });

    it('leaves small files and binary types alone', async () => {
      const small = await request(srv.port, '/hello.txt', { headers: { 'Accept-Encoding': 'br, gzip' } });
      assert.equal(small.headers['content-encoding'], undefined);
      const bin = await request(srv.port, '/image.bin', { headers: { 'Accept-Encoding': 'br, gzip' } });
      assert.equal(bin.headers['content-encoding'], undefined);
    });

    it('revalidates a compressed response with its weak ETag', async () => {
      const r = await request(srv.port, '/big.txt', { headers: { 'Accept-Encoding': 'gzip' } });
      const again = await request(srv.port, '/big.txt', {
        headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': String(r.headers.etag) },
      });
      assert.equal(again.status, 304);
    });

    it('can be switched off', async () => {
      const off = await startServer({ root: fx.root, ...protocol.options(), compression: false });
      try {
        const r = await request(off.port, '/big.txt', { headers: { 'Accept-Encoding': 'br, gzip' } });
        assert.equal(r.headers['content-encoding'], undefined);
        assert.equal(r.body.length, original.length);
      } finally {
        await off.server.stop();
      }
    });

    it('negotiates by q-value', () => {
      assert.equal(negotiateEncoding('gzip;q=1, br;q=0.5'), 'gzip');
      assert.equal(negotiateEncoding('br;q=0.9, gzip;q=0.9'), 'br');
      assert.equal(negotiateEncoding('*'), 'br');
      assert.equal(negotiateEncoding('deflate'), undefined);
      assert.equal(negotiateEncoding('x-gzip'), 'gzip');
    });
  });
