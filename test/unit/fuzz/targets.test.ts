import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeSegments } from '../../../src/core/http/requestPath';
import { random } from '../../shared/random';
import { makeFixture, startServer, type Fixture, type Running } from '../helpers';

/**
 * Random request targets, from a seeded generator so that a failure can be replayed (the seed is
 * in the test's title), against the invariants that must hold for every one: the server answers
 * (never 500, never a crash), nothing outside the folder or hidden in it is ever sent, and through
 * a proxy rule the backend only ever sees a clean path under the rule's base.
 */

const SEED = Number(process.env.FERROX_FUZZ_SEED ?? 20261127);
const COUNT = Number(process.env.FERROX_FUZZ_COUNT ?? 1500);

/** Pieces a hostile or careless client puts in a path: dots in every disguise, separators, escapes, names of the fixture. */
const PIECES = [
  '..',
  '.',
  '',
  '...',
  '..;',
  '..;x',
  '.;',
  '%2e',
  '%2e%2e',
  '%2E.',
  '.%2e',
  '%252e%252e',
  '%2f',
  '%2F..%2F',
  '%5c',
  '%5C..',
  '\\',
  '..\\',
  '\\..',
  ';',
  ';jsessionid=1',
  '%00',
  '%',
  '%zz',
  '%E0%A4',
  '%E2%98%83',
  'snow%20%E2%98%83.txt',
  'a',
  'b.txt',
  'hello.txt',
  'sub',
  'docs',
  'inner',
  'site-secret',
  'secret.txt',
  '.env',
  '%2eenv',
  '.git',
  'config',
  'link-out.txt',
  'link-dir-out',
  'link-hidden',
  'link-in.txt',
  'link-dir',
  'broken-link',
  '%2e%2e%2fsite-secret',
  'CON',
  'nul.txt',
  '~',
  '@',
  '%40',
  ':',
  'evil.test',
  'http:',
  '//',
  '?',
  '?token=x',
  '#f',
  'index.html',
];

function targetOf(next: () => number, prefix: string): string {
  const n = 1 + Math.floor(next() * 6);
  const segments = Array.from({ length: n }, () => PIECES[Math.floor(next() * PIECES.length)]);
  const query = next() < 0.2 ? `?q=${PIECES[Math.floor(next() * PIECES.length)]}` : '';
  return `${prefix}/${segments.join('/')}${query}`;
}

/** Sends a raw target on a shared keep-alive agent; resolves with the status and body. */
function ask(agent: http.Agent, port: number, target: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: target, agent }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** `ask`, or undefined for a target Node's client refuses to send (those bytes never reach a server). */
async function askSendable(
  agent: http.Agent,
  port: number,
  target: string,
): Promise<{ status: number; body: string } | undefined> {
  try {
    return await ask(agent, port, target);
  } catch (err) {
    if (/unescaped characters/.test((err as Error).message)) return undefined;
    throw err;
  }
}

/** What must never leave the server: files outside the folder, and hidden ones in it. */
const NEVER_SENT = ['TOP SECRET', 'outside\n', 'SECRET=1', '[core]'];

describe('fuzzing request targets', function () {
  this.timeout(60_000);
  let fx: Fixture;
  let srv: Running;
  let backend: http.Server;
  const received: string[] = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

  before(async () => {
    fx = makeFixture();
    backend = http.createServer((req, res) => {
      received.push(req.url ?? '');
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('backend');
    });
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
    srv = await startServer({
      root: fx.root,
      liveReload: true,
      proxy: { '/api': `http://127.0.0.1:${(backend.address() as AddressInfo).port}/v1` },
    });
  });
  after(async () => {
    agent.destroy();
    await srv?.server.stop();
    backend?.close();
    fx?.cleanup();
  });

  it(`the folder: ${COUNT} targets (seed ${SEED}) answer without a 500 and never send what lies outside or is hidden`, async () => {
    const next = random(SEED);
    for (let i = 0; i < COUNT; i++) {
      const target = targetOf(next, '');
      const reply = await askSendable(agent, srv.port, target);
      if (!reply) continue;
      assert.ok(reply.status < 500, `${target} → ${reply.status}`);
      for (const secret of NEVER_SENT)
        assert.ok(!reply.body.includes(secret), `${target} sent ${JSON.stringify(secret)}`);
    }
    assert.equal((await ask(agent, srv.port, '/hello.txt')).body, 'hello world\n', 'still serving');
  });

  it(`proxied paths: ${COUNT} targets (seed ${SEED + 1}) reach the backend only as clean paths under its base`, async () => {
    const next = random(SEED + 1);
    received.length = 0;
    for (let i = 0; i < COUNT; i++) {
      const target = targetOf(next, '/api');
      const reply = await askSendable(agent, srv.port, target);
      if (!reply) continue;
      assert.ok(reply.status < 500, `${target} → ${reply.status}`);
    }
    assert.ok(received.length > COUNT / 10, `enough reached the backend to mean something (${received.length})`);
    for (const url of received) {
      const path = url.split('?')[0];
      assert.ok(path === '/v1' || path.startsWith('/v1/'), `under the base: ${url}`);
      assert.ok(!path.includes('//'), `no run of slashes: ${url}`);
      assert.ok(!/\\|%5c/i.test(path), `no backslash: ${url}`);
      const split = decodeSegments(path);
      assert.ok(split, `decodes: ${url}`);
      for (const s of split.decoded) {
        const bare = s.split(';')[0];
        assert.ok(
          bare !== '..' && bare !== '.' && !s.includes('/') && !s.includes('\0'),
          `a clean segment ${JSON.stringify(s)} in ${url}`,
        );
      }
    }
  });
});
