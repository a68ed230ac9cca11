import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import { FerroxServer, TlsConfigError } from '../../../src/core';
import { makeFixture, rawExchange, request, type Fixture } from '../helpers';
import { makeCert } from '../../shared/testCerts';

function httpsGet(port: number, rawPath: string, ca: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      { host: '127.0.0.1', servername: 'localhost', port, path: rawPath, ca, agent: false },
      (res) => {
        let text = '';
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
  });
}

describe('TLS', () => {
  let fx: Fixture;
  let tls: { cert: string; key: string };
  before(() => {
    fx = makeFixture();
    tls = makeCert(fx.base);
  });
  after(() => fx.cleanup());

  it('serves HTTPS with a PEM certificate and key', async () => {
    const server = new FerroxServer({ root: fx.root, port: 0, tls });
    try {
      const address = await server.start();
      assert.equal(address.protocol, 'https');
      assert.match(address.url, /^https:\/\/127\.0\.0\.1:\d+\/$/);
      const r = await httpsGet(address.port, '/hello.txt', fs.readFileSync(tls.cert));
      assert.equal(r.status, 200);
      assert.equal(r.text, 'hello world\n');
    } finally {
      await server.stop();
    }
  });

  it('redirects a plain-HTTP port to the HTTPS URL with 301', async () => {
    const probe = new FerroxServer({ root: fx.root, port: 0 });
    const freePort = (await probe.start()).port;
    await probe.stop();
    const server = new FerroxServer({ root: fx.root, port: 0, tls, redirectPort: freePort });
    try {
      const address = await server.start();
      assert.equal(address.redirectPort, freePort);
      const r = await request(freePort, '/docs/readme.md?x=1', { headers: { Host: `localhost:${freePort}` } });
      assert.equal(r.status, 301);
      assert.equal(r.headers.location, `https://localhost:${address.port}/docs/readme.md?x=1`);
      const sneaky = await request(freePort, '//evil.com/x', { headers: { Host: 'localhost' } });
      assert.equal(sneaky.headers.location, `https://localhost:${address.port}/evil.com/x`);
      assert.equal((await request(freePort, '/', { headers: { Host: 'evil.com' } })).status, 403);
      // An absolute-form target naming this server keeps its path, as the pipeline reads it.
      const { text } = await rawExchange(
        freePort,
        `GET http://localhost:${freePort}/docs/x?y=1 HTTP/1.1\r\nHost: localhost:${freePort}\r\nConnection: close\r\n\r\n`,
        500,
      );
      assert.match(text, new RegExp(`\\r\\nlocation: https://localhost:${address.port}/docs/x\\?y=1\\r\\n`, 'i'));
    } finally {
      await server.stop();
    }
  });

  describe('errors name the file and the reason', () => {
    const startWith = async (cert: string, key: string) => {
      const server = new FerroxServer({ root: fx.root, port: 0, tls: { cert, key } });
      try {
        await server.start();
        await server.stop();
        assert.fail('start should have failed');
      } catch (err) {
        assert.ok(err instanceof TlsConfigError, String(err));
        return (err as Error).message;
      }
    };

    it('a missing file', async () => {
      const missing = path.join(fx.base, 'nope.pem');
      const message = await startWith(missing, tls.key);
      assert.ok(message.includes(missing) && /file not found/.test(message), message);
    });

    it('a file that is not PEM', async () => {
      const junk = path.join(fx.base, 'junk.pem');
      fs.writeFileSync(junk, 'not a certificate');
      const message = await startWith(tls.cert, junk);
      assert.ok(message.includes(junk) && /not a PEM file/.test(message), message);
    });

    it('a corrupt certificate', async () => {
      const bad = path.join(fx.base, 'bad-cert.pem');
      fs.writeFileSync(bad, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
      const message = await startWith(bad, tls.key);
      assert.ok(message.includes(bad) && /not a valid PEM certificate/.test(message), message);
    });

    it('a key that belongs to another certificate', async () => {
      const other = makeCert(fx.base, 'other');
      const message = await startWith(tls.cert, other.key);
      assert.match(message, /does not belong to the certificate/);
      assert.ok(message.includes(other.key));
    });
  });
});
