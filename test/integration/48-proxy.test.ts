import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activate, folder, freePort, get, readLog, setSetting, waitFor, type FerroxApi } from './helpers';

describe('proxy rules and routing settings', () => {
  let api: FerroxApi;
  let backend: http.Server;
  let backendUrl: string;
  let port: number;

  before(async () => {
    api = await activate();
    backend = http.createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ url: req.url, forwardedHost: req.headers['x-forwarded-host'] }));
    });
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
    backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    port = await freePort();
    await setSetting('port', port, folder('alpha'));
  });
  after(async () => {
    await vscode.commands.executeCommand('ferrox.stop', folder('alpha'));
    for (const key of ['port', 'proxy', 'cleanUrls', 'notFoundPage']) await setSetting(key, undefined, folder('alpha'));
    backend.close();
  });

  it('ferrox.proxy forwards a prefix to a backend, marked in the access log; a bad entry is named and changes nothing', async () => {
    await setSetting('proxy', { '/api': `${backendUrl}/v1` }, folder('alpha'));
    await vscode.commands.executeCommand('ferrox.serve', folder('alpha'));
    const r = await get(`http://127.0.0.1:${port}/api/users?page=2`);
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.body.toString()), { url: '/v1/users?page=2', forwardedHost: `127.0.0.1:${port}` });
    await waitFor('the proxied request in the access log', () =>
      new RegExp(`GET /api/users\\?page=2 200 \\d+ B [\\d.]+ ms -> ${backendUrl}/v1/users\\?page=2 [\\d.]+ ms`).test(
        readLog(api),
      ),
    );
    await setSetting('proxy', { '/api': 'localhost:3000' }, folder('alpha'));
    await waitFor('the proxy error in the log', () =>
      /Settings not applied for alpha: ferrox\.proxy: the target of "\/api" must be http:\/\/ or https:\/\//.test(
        readLog(api),
      ),
    );
    assert.equal((await get(`http://127.0.0.1:${port}/api/users`)).status, 200, 'the last good rules keep working');
  });

  it('ferrox.cleanUrls and ferrox.notFoundPage apply to the running server', async () => {
    const root = folder('alpha').uri.fsPath;
    fs.writeFileSync(path.join(root, 'about.html'), '<!doctype html><title>about</title><p>about</p>');
    fs.writeFileSync(path.join(root, 'missing.html'), '<!doctype html><title>lost</title><p>our own 404</p>');
    try {
      await setSetting('proxy', undefined, folder('alpha'));
      await vscode.commands.executeCommand('ferrox.serve', folder('alpha'));
      assert.equal((await get(`http://127.0.0.1:${port}/about`)).status, 404);
      await setSetting('cleanUrls', true, folder('alpha'));
      await waitFor(
        '/about to serve about.html',
        async () => (await get(`http://127.0.0.1:${port}/about`)).status === 200,
      );
      assert.equal((await get(`http://127.0.0.1:${port}/about.html`)).headers.location, '/about');
      await setSetting('notFoundPage', 'missing.html', folder('alpha'));
      await waitFor("the site's own 404 page", async () => {
        const r = await get(`http://127.0.0.1:${port}/nowhere`);
        return r.status === 404 && r.body.toString().includes('our own 404');
      });
    } finally {
      fs.rmSync(path.join(root, 'about.html'), { force: true });
      fs.rmSync(path.join(root, 'missing.html'), { force: true });
    }
  });
});
