import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCli } from '../../../src/cli/args';
import { resolveOptions } from '../../../src/core';
import { request, startServer, type Running } from '../helpers';

describe('cross-origin isolation (--isolate, crossOriginIsolation)', () => {
  let dir: string;
  let srv: Running | undefined;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-isolate-'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>t</title>');
    fs.writeFileSync(path.join(dir, 'worker.js'), 'postMessage(1);');
  });
  afterEach(async () => {
    await srv?.server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const mode of ['require-corp', 'credentialless'] as const) {
    it(`sends COOP same-origin and COEP ${mode} on every answer: pages, scripts, repeats from memory, 404s`, async () => {
      srv = await startServer({ root: dir, crossOriginIsolation: mode, liveReload: true });
      for (const target of ['/', '/worker.js', '/worker.js', '/missing', '/__ferrox/live.js']) {
        const reply = await request(srv.port, target);
        assert.equal(reply.headers['cross-origin-opener-policy'], 'same-origin', target);
        assert.equal(reply.headers['cross-origin-embedder-policy'], mode, target);
      }
    });
  }

  it("is off by default, lets the user's own header win, and refuses an unknown mode", async () => {
    srv = await startServer({
      root: dir,
      crossOriginIsolation: 'require-corp',
      headers: { 'Cross-Origin-Embedder-Policy': 'unsafe-none' },
    });
    assert.equal((await request(srv.port, '/')).headers['cross-origin-embedder-policy'], 'unsafe-none');
    await srv.server.stop();
    srv = await startServer({ root: dir });
    assert.equal((await request(srv.port, '/')).headers['cross-origin-opener-policy'], undefined);
    assert.throws(
      () => resolveOptions({ root: dir, crossOriginIsolation: 'yes' as never }),
      /crossOriginIsolation must be "off", "require-corp" or "credentialless", got "yes"/,
    );
  });

  it('parses --isolate with and without its mode', () => {
    const isolation = (argv: string[]) =>
      (parseCli(argv) as Extract<ReturnType<typeof parseCli>, { kind: 'serve' }>).options.crossOriginIsolation;
    assert.equal(isolation(['--isolate']), 'require-corp');
    assert.equal(isolation(['--isolate', 'credentialless', 'site']), 'credentialless');
    assert.equal(isolation(['--isolate', 'site']), 'require-corp');
    assert.equal(
      (parseCli(['--isolate', 'site']) as Extract<ReturnType<typeof parseCli>, { kind: 'serve' }>).options.root,
      'site',
    );
    assert.equal(isolation([]), undefined);
  });
});
