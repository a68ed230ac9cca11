import * as assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as tls from 'node:tls';
import { FerroxServer } from '../../../src/core';
import { makeFixture, type Fixture } from '../helpers';
import { makeCert } from '../../shared/testCerts';

/** The SHA-256 fingerprint of a PEM certificate file, as a peer certificate's fingerprint256 reads. */
function fingerprintOf(certFile: string): string {
  return new X509Certificate(fs.readFileSync(certFile)).fingerprint256;
}

/** Completes a TLS handshake (or fails) with the given client options; resolves with what was agreed. */
function handshake(
  port: number,
  options: tls.ConnectionOptions,
): Promise<{ protocol: string | null; cipher: string; fingerprint: string; socket: tls.TLSSocket }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect(
      { host: '127.0.0.1', port, servername: 'localhost', rejectUnauthorized: false, ...options },
      () => {
        resolve({
          protocol: socket.getProtocol(),
          cipher: socket.getCipher().name,
          fingerprint: socket.getPeerCertificate().fingerprint256,
          socket,
        });
      },
    );
    socket.on('error', reject);
  });
}

describe('TLS policy and certificate rotation', () => {
  let fx: Fixture;
  let server: FerroxServer;
  let port: number;
  let files: { cert: string; key: string };
  before(async () => {
    fx = makeFixture();
    files = makeCert(fx.base, 'live');
    server = new FerroxServer({ root: fx.root, port: 0, tls: files });
    port = (await server.start()).port;
  });
  after(async () => {
    await server.stop();
    fx.cleanup();
  });

  it('refuses TLS 1.1, static-RSA key exchange and CBC suites; agrees on TLS 1.3 or forward-secret AEAD', async () => {
    await assert.rejects(handshake(port, { maxVersion: 'TLSv1.1', minVersion: 'TLSv1' }));
    for (const cipher of ['AES128-GCM-SHA256', 'ECDHE-RSA-AES128-SHA', 'ECDHE-RSA-AES256-SHA384']) {
      await assert.rejects(handshake(port, { maxVersion: 'TLSv1.2', ciphers: cipher }), cipher);
    }
    const v12 = await handshake(port, { maxVersion: 'TLSv1.2' });
    assert.equal(v12.protocol, 'TLSv1.2');
    assert.match(v12.cipher, /^ECDHE-(RSA|ECDSA)-(AES\d+-GCM|CHACHA20)/);
    v12.socket.destroy();
    const v13 = await handshake(port, {});
    assert.equal(v13.protocol, 'TLSv1.3');
    v13.socket.destroy();
  });

  it('uses a renewed certificate for new connections at once, and keeps open ones', async () => {
    const open = await handshake(port, {});
    const before = open.fingerprint;
    const renewed = makeCert(fx.base, 'renewed');
    const renewedPrint = fingerprintOf(renewed.cert);
    // As renewal tools do: the new files replace the old ones by rename.
    fs.renameSync(renewed.key, files.key);
    fs.renameSync(renewed.cert, files.cert);
    let after = before;
    for (let i = 0; i < 50 && after === before; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const fresh = await handshake(port, {});
      after = fresh.fingerprint;
      fresh.socket.destroy();
    }
    assert.notEqual(after, before);
    assert.equal(after, renewedPrint, 'new connections get the renewed certificate');
    assert.equal(open.socket.destroyed, false, 'the open connection was not dropped');
    const reply = await new Promise<string>((resolve) => {
      open.socket.once('data', (d) => resolve(d.toString()));
      open.socket.write('GET /hello.txt HTTP/1.1\r\nHost: localhost\r\n\r\n');
    });
    assert.match(reply, /^HTTP\/1\.1 200/);
    open.socket.destroy();
  });

  it('keeps the running certificate when the new files are broken', async () => {
    const running = fingerprintOf(files.cert);
    const warned = new Promise<string>((resolve) =>
      server.once('diagnostic', (d) => {
        if (d.level === 'warning') resolve(d.message);
      }),
    );
    fs.writeFileSync(files.cert, 'garbage');
    const message = await warned;
    assert.match(message, /Kept the running TLS certificate/);
    assert.ok(message.includes(files.cert), message);
    const still = await handshake(port, {});
    assert.equal(still.fingerprint, running, 'the certificate that ran before the broken files');
    still.socket.destroy();
  });
});
