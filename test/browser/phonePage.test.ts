import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as path from 'node:path';
import { FerroxServer, localCertificate, newAccessToken, phoneLink, shareOptions } from '../../src/core';
import { browserSuite, PHONE } from './browserHelpers';

/** A GET on a fresh connection, the CA's own certificate trusted: status, headers and body. */
function get(
  url: string,
  ca: Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = https.get(
      {
        host: '127.0.0.1',
        servername: 'localhost',
        port: u.port,
        path: u.pathname + u.search,
        ca,
        headers: { Host: `localhost:${u.port}`, ...headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
  });
}

describe("the phone's page of a shared HTTPS server: the local CA in two taps", function () {
  this.timeout(60_000);
  const suite = browserSuite('phone', { 'index.html': '<!doctype html><title>site</title><h1>the site</h1>' });
  let server: FerroxServer;
  let port: number;
  let token: string;
  let ca: Buffer;
  let key: string;

  before(async () => {
    const home = path.join(suite.dir, '..', `${path.basename(suite.dir)}-home`);
    suite.onClose(() => fs.rmSync(home, { recursive: true, force: true }));
    const made = await localCertificate(home);
    ca = fs.readFileSync(made.caFile);
    key = fs.readFileSync(path.join(home, 'ca-key.pem'), 'utf8');
    token = newAccessToken();
    server = new FerroxServer(
      shareOptions(
        { root: suite.dir, port: 0, liveReload: true, tls: { cert: made.cert, key: made.key, ca: made.caFile } },
        token,
      ),
    );
    port = (await server.start()).port;
    suite.onClose(() => server.stop());
  });

  it('a phone-sized Chromium with the token opens the page and downloads both files; the profile parses as a property list with the certificate', async () => {
    const context = await suite.browser.newContext({ ...PHONE, ignoreHTTPSErrors: true, acceptDownloads: true });
    try {
      const page = await context.newPage();
      await page.goto(phoneLink(`https://127.0.0.1:${port}/?token=${token}`));
      assert.match(page.url(), /\/__ferrox\/phone$/, 'the token leaves the address');
      assert.match((await page.textContent('body')) ?? '', /Certificate Trust Settings/);
      const downloads: Record<string, Buffer> = {};
      for (const link of ['Download the profile', 'Download the certificate']) {
        const [download] = await Promise.all([page.waitForEvent('download'), page.click(`text=${link}`)]);
        downloads[download.suggestedFilename()] = fs.readFileSync((await download.path())!);
      }
      assert.deepEqual(Object.keys(downloads).sort(), ['ferrox-ca.crt', 'ferrox-ca.mobileconfig']);
      const profile = path.join(suite.dir, '..', `${path.basename(suite.dir)}.mobileconfig`);
      fs.writeFileSync(profile, downloads['ferrox-ca.mobileconfig']);
      suite.onClose(() => fs.rmSync(profile, { force: true }));
      // Python's plistlib, a real property-list parser: the root payload holds the CA's certificate.
      const parsed = JSON.parse(
        execFileSync('python3', [
          '-c',
          'import plistlib,sys,json,base64;p=plistlib.load(open(sys.argv[1],"rb"));c=p["PayloadContent"][0];print(json.dumps({"type":p["PayloadType"],"inner":c["PayloadType"],"der":base64.b64encode(c["PayloadContent"]).decode()}))',
          profile,
        ]).toString(),
      ) as { type: string; inner: string; der: string };
      const der = new (await import('node:crypto')).X509Certificate(ca).raw.toString('base64');
      assert.deepEqual(parsed, { type: 'Configuration', inner: 'com.apple.security.root', der });
      assert.equal(downloads['ferrox-ca.crt'].toString('base64'), der, 'the certificate, DER');
    } finally {
      await context.close();
    }
  });

  it('without the token: 401; the CA key is never in any answer', async () => {
    const answers: Buffer[] = [];
    for (const p of ['/__ferrox/phone', '/__ferrox/ferrox-ca.mobileconfig', '/__ferrox/ferrox-ca.crt']) {
      const refused = await get(`https://localhost:${port}${p}`, ca);
      assert.equal(refused.status, 401, p);
      answers.push(refused.body);
      const given = await get(`https://localhost:${port}${p}`, ca, { Authorization: `Bearer ${token}` });
      assert.equal(given.status, 200, p);
      answers.push(given.body);
    }
    const keyBody = key.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
    for (const body of answers) {
      const text = body.toString('latin1');
      assert.ok(!text.includes('PRIVATE KEY'), 'no key in any answer');
      assert.ok(!text.replace(/\s+/g, '').includes(keyBody.slice(0, 40)), "the key's base64 in no answer");
      assert.ok(!body.includes(Buffer.from(keyBody, 'base64').subarray(0, 32)), "the key's bytes in no answer");
    }
  });

  it('over plain HTTP sharing, the page says what will not work and how to share over HTTPS', async () => {
    const plain = new FerroxServer(shareOptions({ root: suite.dir, port: 0 }, token));
    const { port: plainPort } = await plain.start();
    try {
      const page = await new Promise<string>((resolve, reject) =>
        http
          .get(
            {
              host: '127.0.0.1',
              port: plainPort,
              path: '/__ferrox/phone',
              headers: { Authorization: `Bearer ${token}` },
            },
            (res) => {
              let text = '';
              res.on('data', (c) => (text += c));
              res.on('end', () => resolve(text));
            },
          )
          .on('error', reject),
      );
      assert.match(
        page,
        /the camera and microphone, geolocation, service workers, crypto\.subtle, the clipboard and Web Share do not work/,
      );
      assert.match(page, /ferrox --share --https/);
      assert.doesNotMatch(page, /Download the profile/);
    } finally {
      await plain.stop();
    }
  });
});
