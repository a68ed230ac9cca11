import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BackendStartError,
  FerroxServer,
  newAccessToken,
  shareOptions,
  type Diagnostic,
  type ServerOptions,
} from '../../../src/core';
import { loopbackFix } from '../../../src/core/backend/exposure';
import { lanAddresses } from '../../../src/core/http';
import { lanAddress } from '../../shared/net';
import { survivors, until } from '../../shared/processes';
import { request } from '../helpers';

/** Whether a client on the network (simulated: this machine's LAN address as source and target) reaches `port`. */
function reachableFromLan(lan: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: lan, port, localAddress: lan });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('a backend that answers the network is not shared around the token', function () {
  this.timeout(40_000);
  let root: string;
  const servers: FerroxServer[] = [];
  const serve = async (o: Omit<ServerOptions, 'root'>) => {
    const server = new FerroxServer({ root, port: 0, liveReload: true, ...o });
    servers.push(server);
    const diagnostics: Diagnostic[] = [];
    server.on('diagnostic', (d) => diagnostics.push(d));
    return { server, diagnostics };
  };

  beforeEach(function () {
    if (!lanAddress()) this.skip();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-exposure-'));
    fs.writeFileSync(path.join(root, 'index.php'), '<!doctype html><title>t</title><p><?= "php" ?></p>');
    fs.writeFileSync(
      path.join(root, 'app.py'),
      'from flask import Flask\napp = Flask(__name__)\n@app.get("/")\ndef home():\n    return "<!doctype html><title>f</title><p>flask"\n',
    );
    fs.writeFileSync(
      path.join(root, 'express.js'),
      "require('http').createServer((q, s) => s.end('<!doctype html><title>n</title><p>node')).listen(process.env.PORT, process.env.HOST);",
    );
  });
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.stop();
    if (!root) return;
    await until('no backend left', () => survivors(root).length === 0, 8000);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('php -S 0.0.0.0 (real php): sharing is refused, naming where it answers and the fix; nothing is left running', async () => {
    const { server } = await serve(
      shareOptions({ root, backend: `php -S 0.0.0.0:{port} -t ${root}` }, newAccessToken()),
    );
    await assert.rejects(server.start(), (err: Error) => {
      assert.ok(err instanceof BackendStartError, err.message);
      assert.match(err.message, new RegExp(`also answers on .*${lanAddress()!.replace(/\./g, '\\.')}:\\d+`));
      assert.match(
        err.message,
        /without the share link's token\. Ferrox shares it only once it listens on 127\.0\.0\.1 alone\. Give php -S the address 127\.0\.0\.1:\{port\}/,
      );
      return true;
    });
    assert.equal(server.address, undefined);
  });

  it('unshared, it serves and says so once; then "share" is refused and the server stays as it was', async () => {
    const options: ServerOptions = { root, port: 0, liveReload: true, backend: `php -S 0.0.0.0:{port} -t ${root}` };
    const { server, diagnostics } = await serve(options);
    const address = await server.start();
    const said = diagnostics.filter((d) => /also answers on/.test(d.message));
    assert.equal(said.length, 1, 'said plainly, once');
    assert.match(
      said[0].message,
      /other devices on your network reach it directly, around Ferrox\. Give php -S the address 127\.0\.0\.1/,
    );
    await assert.rejects(server.reconfigure(shareOptions(options, newAccessToken())), BackendStartError);
    assert.equal(server.options.accessToken, undefined, 'not shared');
    assert.equal(server.address?.url, address.url);
    assert.equal((await request(address.port, '/')).status, 200, 'still serving, without a token');
  });

  it("a Node backend that listens on $HOST (the README's Express recipe) stays on loopback: no LAN client reaches it, and sharing works", async () => {
    const token = newAccessToken();
    const { server, diagnostics } = await serve(
      shareOptions({ root, backend: `"${process.execPath}" express.js` }, token),
    );
    const upstream: string[] = [];
    server.on('access', (e) => {
      if (e.upstream) upstream.push(e.upstream.target);
    });
    const address = await server.start();
    assert.deepEqual(
      diagnostics.filter((d) => /also answers on/.test(d.message)),
      [],
    );
    const page = await request(address.port, '/', { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(page.status, 200, 'shared, through Ferrox with the token');
    await until('the access entry', () => upstream.length > 0);
    const port = Number(new URL(upstream[0]).port);
    assert.equal(
      await reachableFromLan(lanAddress()!, port),
      false,
      'a client on the network cannot reach the backend',
    );
    assert.equal(await reachableFromLan('127.0.0.1', port), true);
  });

  it('a shared backend that comes back from a crash listening on the network is stopped, and Ferrox says why', async () => {
    // Loopback on its first run; after /die, every interface.
    fs.writeFileSync(
      path.join(root, 'flaky.js'),
      `const fs = require('fs'); const again = fs.existsSync('ran');
fs.writeFileSync('ran', '');
require('http').createServer((q, s) => { s.end('<p>ok'); if (q.url === '/die') process.exit(1); }).listen(process.env.PORT, again ? '0.0.0.0' : '127.0.0.1');`,
    );
    const token = newAccessToken();
    const { server, diagnostics } = await serve(
      shareOptions({ root, backend: `"${process.execPath}" flaky.js` }, token),
    );
    const address = await server.start();
    await request(address.port, '/die', { headers: { Authorization: `Bearer ${token}` } });
    await until(
      'the warning',
      () => diagnostics.some((d) => /also answers on .* so Ferrox stopped it/.test(d.message)),
      15_000,
    );
    await until('stopped', () => server.backendState === 'stopped');
    const down = await request(address.port, '/', { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(down.status, 503);
  });

  it("flask run --host 0.0.0.0 (real Flask): sharing is refused with Flask's fix", async () => {
    const { server } = await serve(
      shareOptions({ root, backend: 'python3 -m flask --app app run --host 0.0.0.0 --port {port}' }, newAccessToken()),
    );
    await assert.rejects(server.start(), /also answers on .*Leave --host out of the flask command/);
  });

  it("names the fix in each tool's words", () => {
    assert.match(loopbackFix('php -S 0.0.0.0:{port}'), /php -S the address 127\.0\.0\.1:\{port\}/);
    assert.match(
      loopbackFix('python manage.py runserver 0.0.0.0:{port}'),
      /runserver the address 127\.0\.0\.1:\{port\}/,
    );
    assert.match(loopbackFix('uvicorn app:app --host 0.0.0.0 --port {port}'), /--host 127\.0\.0\.1/);
    assert.match(loopbackFix('gunicorn -b 0.0.0.0:{port} app:app'), /--bind 127\.0\.0\.1:\{port\}/);
    assert.match(loopbackFix('npx nodemon app.js'), /process\.env\.PORT, process\.env\.HOST/);
    assert.deepEqual(
      lanAddresses({
        lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true } as os.NetworkInterfaceInfo],
        eth0: [
          { address: '192.168.1.7', family: 'IPv4', internal: false } as os.NetworkInterfaceInfo,
          { address: 'fe80::1', family: 'IPv6', internal: false } as os.NetworkInterfaceInfo,
          { address: 'fd00::7', family: 'IPv6', internal: false } as os.NetworkInterfaceInfo,
        ],
      }),
      ['192.168.1.7', 'fd00::7'],
    );
  });
});
