import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { ferroxHome, localCertificate, trustInstructions } from '../../../src/core';
import { TlsConfigError } from '../../../src/core/certs';
import { loadOrCreateCa } from '../../../src/core/certs/localCa';
import { certificateNames } from '../../../src/core/certs/names';
import { permittedDns } from '../../../src/core/certs/constraints';
import { namesOf } from '../../../src/core/certs/serverCert';
import { x509 } from '../../../src/core/certs/x509';

const NAMES = { dns: ['*.localhost', 'devbox.local', 'localhost'], ips: ['127.0.0.1', '192.168.1.7', '::1'] };
/** The machine the tests pretend to be: its name goes into the CA's permitted names. */
const HOST = 'devbox';
const make = (home: string, names = NAMES, now = new Date()) => localCertificate(home, names, now, HOST);
const DAY = 86_400_000;

describe('local HTTPS: the CA and the server certificate', function () {
  this.timeout(20_000);
  let home: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-home-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  const certOf = async (file: string) => new (await x509()).X509Certificate(fs.readFileSync(file, 'utf8'));

  it('finds the Ferrox folder: FERROX_HOME, XDG_CONFIG_HOME, ~/.config, %APPDATA%', () => {
    assert.equal(ferroxHome({ FERROX_HOME: '/x/f' }, 'linux', '/home/u'), '/x/f');
    assert.equal(ferroxHome({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/u'), '/cfg/ferrox');
    assert.equal(ferroxHome({}, 'darwin', '/Users/u'), '/Users/u/.config/ferrox');
    assert.equal(
      ferroxHome({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u'),
      path.join('C:\\Users\\u\\AppData\\Roaming', 'ferrox'),
    );
  });

  it("creates an ECDSA P-256 CA valid 5 years and a certificate for this machine's names, keys 0600", async () => {
    const made = await make(home);
    assert.equal(made.caCreated, true);
    assert.equal(made.issued, true);
    assert.equal(made.caFile, path.join(home, 'ca.pem'));
    const ca = await certOf(made.caFile);
    assert.match(ca.subject, /CN=Ferrox development CA/);
    const years = (ca.notAfter.getTime() - ca.notBefore.getTime()) / (365.25 * DAY);
    assert.ok(years > 4.99 && years < 5.01, `${years} years`);
    const leaf = new crypto.X509Certificate(fs.readFileSync(made.cert));
    assert.equal(leaf.publicKey.asymmetricKeyType, 'ec');
    assert.equal(leaf.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.ok(leaf.checkIssued(new crypto.X509Certificate(fs.readFileSync(made.caFile))));
    assert.deepEqual(namesOf(await certOf(made.cert)), NAMES);
    for (const key of [made.key, path.join(home, 'ca-key.pem')])
      assert.equal(fs.statSync(key).mode & 0o777, 0o600, key);
  });

  it("is trusted by Node's tls with ca.pem as the only root, for localhost and 127.0.0.1", async () => {
    const made = await localCertificate(home, certificateNames());
    const server = https.createServer({ cert: fs.readFileSync(made.cert), key: fs.readFileSync(made.key) }, (_q, r) =>
      r.end('trusted'),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      for (const servername of ['localhost', undefined]) {
        const body = await new Promise<string>((resolve, reject) => {
          https
            .get({ host: '127.0.0.1', port, servername, ca: fs.readFileSync(made.caFile), agent: false }, (res) => {
              let t = '';
              res.on('data', (c) => {
                t += c;
              });
              res.on('end', () => resolve(t));
            })
            .on('error', reject);
        });
        assert.equal(body, 'trusted', servername ?? '127.0.0.1');
      }
    } finally {
      server.close();
    }
  });

  it('reuses the CA and the certificate, and re-issues on new names or near expiry, never replacing the CA', async () => {
    const first = await make(home);
    const caBefore = fs.readFileSync(first.caFile, 'utf8');
    const certBefore = fs.readFileSync(first.cert, 'utf8');
    const again = await make(home);
    assert.deepEqual([again.caCreated, again.issued], [false, false]);
    assert.equal(fs.readFileSync(again.cert, 'utf8'), certBefore, 'the same certificate');
    const moved = await make(home, { ...NAMES, ips: [...NAMES.ips, '10.1.2.3'].sort() });
    assert.deepEqual([moved.caCreated, moved.issued], [false, true], 'a new LAN address');
    const later = await make(
      home,
      { ...NAMES, ips: [...NAMES.ips, '10.1.2.3'].sort() },
      new Date(Date.now() + 380 * DAY),
    );
    assert.equal(later.issued, true, 'within 30 days of expiry');
    assert.equal(fs.readFileSync(first.caFile, 'utf8'), caBefore, 'the CA is untouched');
  });

  it('names the file and the problem: bad PEM, a key from another CA, a half-present CA, an unusable folder', async () => {
    await make(home);
    const caFile = path.join(home, 'ca.pem');
    const keyFile = path.join(home, 'ca-key.pem');
    const good = { ca: fs.readFileSync(caFile, 'utf8'), key: fs.readFileSync(keyFile, 'utf8') };
    const expectError = async (file: string, pattern: RegExp) => {
      await assert.rejects(make(home), (err: Error) => {
        assert.ok(err instanceof TlsConfigError, err.message);
        assert.ok(err.message.includes(file), err.message);
        assert.match(err.message, pattern);
        return true;
      });
    };
    fs.writeFileSync(caFile, 'not a certificate');
    await expectError(caFile, /not a PEM certificate/);
    fs.writeFileSync(caFile, good.ca);
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-other-'));
    await make(other);
    fs.copyFileSync(path.join(other, 'ca-key.pem'), keyFile);
    fs.rmSync(other, { recursive: true, force: true });
    await expectError(keyFile, /does not belong to the CA certificate/);
    fs.rmSync(keyFile);
    await expectError(keyFile, /missing while/);
    assert.equal(fs.readFileSync(caFile, 'utf8'), good.ca, 'never re-created');
    const notAFolder = path.join(home, 'file');
    fs.writeFileSync(notAFolder, '');
    await assert.rejects(
      make(notAFolder),
      /file: the Ferrox folder for certificates cannot be used: it is not a folder/,
    );
  });

  /** What a thief with ca-key.pem gets: a certificate it signs for `dns` (and a public address), served, and fetched by a client that trusts ca.pem alone. */
  async function forgedFetch(dns: string): Promise<unknown> {
    const lib = await x509();
    const ca = await loadOrCreateCa(home, new Date(), undefined, HOST);
    const keys = (await crypto.webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const forged = await lib.X509CertificateGenerator.create({
      serialNumber: '01',
      subject: `CN=${dns}`,
      issuer: ca.cert.subject,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + DAY),
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      publicKey: keys.publicKey,
      signingKey: ca.privateKey,
      extensions: [
        new lib.SubjectAlternativeNameExtension([
          { type: 'dns', value: dns },
          { type: 'ip', value: '93.184.215.14' },
        ]),
      ],
    });
    const pkcs8 = Buffer.from(await crypto.webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
    const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
    const server = https.createServer({ cert: forged.toString('pem'), key }, (_q, r) => r.end('forged'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as { port: number }).port;
      return await new Promise((resolve, reject) => {
        https
          .get(
            {
              host: '127.0.0.1',
              port,
              servername: dns,
              ca: fs.readFileSync(path.join(home, 'ca.pem')),
              agent: false,
              checkServerIdentity: () => undefined,
            },
            resolve,
          )
          .on('error', reject);
      });
    } finally {
      server.close();
    }
  }

  it('can sign only local names and private addresses: a certificate it signs for a real site is refused by TLS clients', async () => {
    const made = await make(home, { ...NAMES, ips: [...NAMES.ips, '198.51.100.4'].sort() });
    assert.deepEqual(
      namesOf(await certOf(made.cert)).ips,
      NAMES.ips,
      'a public address is left out of the server certificate',
    );
    await assert.rejects(forgedFetch('example.com'), /name constraint|subtree/i, 'the chain itself is invalid');
  });

  it('a single-label machine name (a public top-level domain, perhaps) is constrained as <name>.local only', async () => {
    assert.deepEqual(permittedDns('dev'), ['localhost', 'local']);
    assert.deepEqual(
      permittedDns('Box.Corp.Example'),
      ['localhost', 'local', 'box.corp.example'],
      "a name with a dot is the machine's own",
    );
    const made = await make(home, { ...NAMES, dns: [...NAMES.dns, HOST].sort() });
    assert.deepEqual(
      namesOf(await certOf(made.cert)).dns,
      NAMES.dns,
      'the bare name is left out of the server certificate',
    );
    // With the bare name permitted, a stolen key could sign for every site under "devbox".
    await assert.rejects(forgedFetch(`www.${HOST}`), /name constraint|subtree/i);
  });

  it('refuses a CA key or folder others can reach, or a key that is a link, as OpenSSH does; writes keys without following links', async () => {
    const made = await make(home);
    const keyFile = path.join(home, 'ca-key.pem');
    fs.chmodSync(keyFile, 0o644);
    await assert.rejects(
      make(home),
      (err: Error) =>
        err instanceof TlsConfigError &&
        err.message.includes(keyFile) &&
        /others can read or write it \(mode 644\)[^]*chmod 600/.test(err.message),
    );
    await assert.doesNotReject(
      loadOrCreateCa(home, new Date(), { platform: 'win32', uid: undefined }),
      'on Windows, modes say nothing',
    );
    fs.chmodSync(keyFile, 0o600);
    fs.chmodSync(home, 0o777);
    await assert.rejects(make(home), /others can write to it \(mode 777\)[^]*chmod 700/);
    fs.chmodSync(home, 0o700);
    const real = path.join(home, 'real-key.pem');
    fs.renameSync(keyFile, real);
    fs.symlinkSync(real, keyFile);
    await assert.rejects(make(home), /ca-key\.pem: it is a symbolic link/);
    fs.rmSync(keyFile);
    fs.renameSync(real, keyFile);
    // A link planted where the server key is written: the new key replaces the link, the target is untouched.
    const elsewhere = path.join(os.tmpdir(), `ferrox-elsewhere-${process.pid}`);
    fs.writeFileSync(elsewhere, 'not yours');
    try {
      fs.rmSync(made.key);
      fs.symlinkSync(elsewhere, made.key);
      await make(home, { ...NAMES, ips: [...NAMES.ips, '10.9.9.9'].sort() });
      assert.equal(fs.readFileSync(elsewhere, 'utf8'), 'not yours');
      assert.equal(fs.lstatSync(made.key).isSymbolicLink(), false);
      assert.equal(fs.statSync(made.key).mode & 0o777, 0o600);
    } finally {
      fs.rmSync(elsewhere, { force: true });
    }
  });

  it('says when the CA has expired, and how to make a new one, rather than serving certificates no browser accepts', async () => {
    await make(home);
    await assert.rejects(
      make(home, NAMES, new Date(Date.now() + 6 * 365 * DAY)),
      /ca\.pem: the local CA expired on \d{4}-\d\d-\d\d\. Move ca\.pem and ca-key\.pem/,
    );
  });

  it('says how to trust the CA on each system, Firefox and phones', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const text = trustInstructions('/h/ca.pem', platform).join('\n');
      assert.ok(text.includes('"/h/ca.pem"'), platform);
      assert.match(text, /Firefox/);
      assert.match(text, /Android/);
      assert.match(text, /iOS/);
    }
    assert.match(trustInstructions('/h/ca.pem', 'linux').join('\n'), /update-ca-certificates/);
    assert.match(trustInstructions('/h/ca.pem', 'darwin').join('\n'), /security add-trusted-cert/);
    assert.match(trustInstructions('/h/ca.pem', 'win32').join('\n'), /certutil -user -addstore Root/);
  });
});
