import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { FerroxServer, newAccessToken, shareOptions } from '../../../src/core';
import { callsDebugger } from '../../../src/core/pipeline/steps/proxyStep';
import { HOPS, lanAddress } from '../../shared/net';
import { survivors, until } from '../../shared/processes';
import { request } from '../helpers';

const APP = `from flask import Flask
app = Flask(__name__)
@app.get("/")
def home():
    return "<!doctype html><title>f</title><p>flask"
`;

/** A GET from this machine's LAN address, as another device on the network would send it. */
function fromLan(lan: string, port: number, target: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: lan, port, path: target, localAddress: lan, headers, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      })
      .on('error', reject);
  });
}

describe("Werkzeug's debugger behind Ferrox (real Flask --debug)", function () {
  this.timeout(40_000);
  let root: string;
  let server: FerroxServer | undefined;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-werkzeug-'));
    fs.writeFileSync(path.join(root, 'app.py'), APP);
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    await until('no backend left', () => survivors(root).length === 0, 8000);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('answers its console only to this machine: a client through a hop or on the network gets 403, never Python', async () => {
    const token = newAccessToken();
    const lan = lanAddress();
    const base = { root, port: 0, liveReload: true, backend: 'python3 -m flask --app app run --debug --port {port}' };
    server = new FerroxServer(lan ? shareOptions(base, token) : base);
    const { port } = await server.start();
    const auth: Record<string, string> = lan ? { Authorization: `Bearer ${token}` } : {};
    const target = '/?__debugger__=yes&cmd=resource&f=debugger.js';
    const local = await request(port, target, { headers: auth });
    assert.equal(local.status, 200, 'this machine reaches the debugger, as without Ferrox');
    assert.match(local.text, /CONSOLE_MODE|EVALEX/, "it is Werkzeug's debugger script");
    for (const hop of HOPS)
      assert.equal((await request(port, target, { headers: { ...auth, ...hop } })).status, 403, JSON.stringify(hop));
    assert.equal(
      (
        await request(port, '/?%5F%5Fdebugger%5F%5F=yes&cmd=resource&f=debugger.js', {
          headers: { ...auth, ...HOPS[0] },
        })
      ).status,
      403,
      'in any spelling',
    );
    if (lan) assert.equal(await fromLan(lan, port, target, auth), 403, 'a device on the network, with the share link');
    assert.equal(
      (await request(port, '/', { headers: { ...auth, ...HOPS[0] } })).status,
      200,
      'the rest of the site is theirs to see',
    );
  });

  it('knows a debugger request by its query as Werkzeug reads it', () => {
    assert.equal(callsDebugger('/?__debugger__=yes&cmd=x'), true);
    assert.equal(callsDebugger('/x?a=1&%5f%5fdebugger%5f%5f=yes'), true);
    assert.equal(callsDebugger('/__debugger__'), false);
    assert.equal(callsDebugger('/?q=__debugger__'), false);
  });
});
