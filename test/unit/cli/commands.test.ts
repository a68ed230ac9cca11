import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as net from 'node:net';
import * as path from 'node:path';
import { makeFixture, request, type Fixture } from '../helpers';
import { runCli, type CliRun } from './cliRun';

/** The bundled CLI, as users run it (npm test builds it first). */
function run(args: string[], cwd?: string, env: NodeJS.ProcessEnv = {}): CliRun {
  return runCli(args, { cwd, env });
}

async function waitUntil(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('ferrox CLI', () => {
  let fx: Fixture;
  const children: CliRun['child'][] = [];
  const start = (args: string[], cwd?: string, env?: NodeJS.ProcessEnv) => {
    const r = run(args, cwd, env);
    children.push(r.child);
    return r;
  };
  before(() => {
    fx = makeFixture();
  });
  after(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    fx.cleanup();
  });

  it('--https serves with the local CA, and says once where ca.pem is and how to trust it', async () => {
    const home = path.join(fx.base, 'ferrox-home');
    for (const round of [1, 2]) {
      const cli = start([fx.root, '--port', '0', '--https'], undefined, { FERROX_HOME: home });
      const line = await cli.firstLine;
      const m = /^Serving (.+) at https:\/\/127\.0\.0\.1:(\d+)\/$/.exec(line);
      assert.ok(m, `first line: ${line}`);
      const ca = fs.readFileSync(path.join(home, 'ca.pem'));
      const body = await new Promise<string>((resolve, reject) => {
        https
          .get(
            { host: '127.0.0.1', port: Number(m[2]), path: '/hello.txt', servername: 'localhost', ca, agent: false },
            (res) => {
              let t = '';
              res.on('data', (c) => {
                t += c;
              });
              res.on('end', () => resolve(t));
            },
          )
          .on('error', reject);
      });
      assert.equal(body, 'hello world\n', 'verified against ca.pem alone');
      cli.child.kill('SIGTERM');
      const exit = await cli.exit;
      if (round === 1) {
        assert.ok(
          exit.stderr.includes(`created a local certificate authority for HTTPS: ${path.join(home, 'ca.pem')}`),
          exit.stderr,
        );
        assert.match(exit.stderr, /update-ca-certificates/);
        assert.match(exit.stderr, /Firefox/);
      } else {
        assert.doesNotMatch(exit.stderr, /certificate authority/, 'said once, when the CA was made');
      }
    }
  });

  it('--share prints the link with its token and the network links (no QR code on a pipe), and the token is needed', async () => {
    const cli = start([fx.root, '--port', '0', '--share']);
    const line = await cli.firstLine;
    const m = /^Serving (.+) at http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43})$/.exec(line);
    assert.ok(m, `first line: ${line}`);
    const port = Number(m[2]);
    assert.equal((await request(port, '/hello.txt')).status, 401);
    const redirect = await request(port, `/hello.txt?token=${m[3]}`);
    assert.equal(redirect.status, 303);
    const cookie = String(redirect.headers['set-cookie']).split(';')[0];
    assert.equal((await request(port, '/hello.txt', { headers: { Cookie: cookie } })).text, 'hello world\n');
    await waitUntil(
      () => cli.child.stdout.readableLength === 0 && /Network: |No network address/.test(cli.stdoutText()),
    );
    cli.child.kill('SIGTERM');
    const exit = await cli.exit;
    assert.doesNotMatch(exit.stdout, /Scan to open/, 'no QR code when stdout is not a terminal');
    assert.ok(
      !exit.stdout
        .split('\n')
        .slice(1)
        .some((l) => l.includes(m[3]) && /"GET /.test(l)),
      'the token is not in the access log',
    );
    assert.match(exit.stdout, /"GET \/hello\.txt\?token=REDACTED HTTP\/1\.1" 303/);
  });

  it('prints the URL first, logs requests, and exits 0 on SIGTERM', async () => {
    const cli = start([fx.root, '--port', '0', '--header', 'X-Test: yes']);
    const line = await cli.firstLine;
    const m = /^Serving (.+) at (http:\/\/127\.0\.0\.1:(\d+)\/)$/.exec(line);
    assert.ok(m, `first line: ${line}`);
    assert.equal(m[1], fx.root);
    const r = await request(Number(m[3]), '/hello.txt');
    assert.equal(r.text, 'hello world\n');
    assert.equal(r.headers['x-test'], 'yes');
    await new Promise((res) => setTimeout(res, 50));
    cli.child.kill('SIGTERM');
    const exit = await cli.exit;
    assert.equal(exit.code, 0);
    assert.match(exit.stdout, /"GET \/hello\.txt HTTP\/1\.1" 200 12 /, 'Combined Log Format in a pipe');
    assert.equal(
      exit.stderr,
      'ferrox: stopping, 0 responses in flight… (Ctrl+C again to quit at once)\nferrox: stopped\n',
    );
  });

  it('exits 0 on SIGINT and stays quiet with --quiet', async () => {
    const cli = start(['--port', '0', '--quiet', '--no-listing'], fx.root);
    const line = await cli.firstLine;
    const port = Number(/:(\d+)\/$/.exec(line)?.[1]);
    assert.equal((await request(port, '/docs/')).status, 404, '--no-listing');
    cli.child.kill('SIGINT');
    const exit = await cli.exit;
    assert.equal(exit.code, 0);
    assert.equal(exit.stdout.trim().split('\n').length, 1, 'only the URL line');
  });

  it('exits 1 naming the port when an explicit port is busy', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const exit = await start([fx.root, '--port', String(port)]).exit;
      assert.equal(exit.code, 1);
      assert.match(exit.stderr, new RegExp(`Port ${port} .*already in use`));
    } finally {
      blocker.close();
    }
  });

  for (const [args, pattern] of [
    [['--port', 'eighty'], /--port expects a whole number, got "eighty"/],
    [['--port', '99999'], /--port must be a whole number from 0 to 65535, got 99999/],
    [['-p', '-1'], /^ferrox: --port expects a whole number, got "-1"\n/],
    [['--live-debounce-ms', '-5'], /^ferrox: --live-debounce-ms expects a whole number, got "-5"\n/],
    [['--proxy', '-x'], /^ferrox: --proxy needs a value; one that starts with "-" is written --proxy=VALUE\n/],
    [
      ['--browser-console', 'loud', '--max-header-size', '5', '--not-found-page', '../x'],
      // One line each, in the order the options are declared (what is served, then listening, then live reload).
      /--not-found-page must be a page inside the folder[^\n]*\n--max-header-size must be a whole number[^\n]*\n--browser-console must be "errors"/,
    ],
    [['--bogus'], /^ferrox: unknown option --bogus\n/],
    [['--header', 'NoColon'], /--header expects "Name: value"/],
    [['--tls-cert', 'c.pem'], /--tls-cert and --tls-key must be given together/],
    [['--redirect-port', '8081'], /--redirect-port \(8081\) needs TLS: give --https, or --tls-cert and --tls-key/],
    [['a', 'b'], /Expected one folder, got 2/],
  ] as const) {
    it(`exits 2 for ${args.join(' ')}`, async () => {
      const exit = await start([...args, ...(args[0] === 'a' ? [] : [fx.root])]).exit;
      assert.equal(exit.code, 2);
      assert.match(exit.stderr, pattern);
    });
  }

  it('exits 2 for a missing folder, naming it', async () => {
    const missing = path.join(fx.base, 'no-such-folder');
    const exit = await start([missing]).exit;
    assert.equal(exit.code, 2);
    assert.ok(exit.stderr.includes(missing), exit.stderr);
  });

  it('exits 1 with a TLS error that names the file', async () => {
    const exit = await start([
      fx.root,
      '--port',
      '0',
      '--tls-cert',
      path.join(fx.base, 'none.pem'),
      '--tls-key',
      path.join(fx.base, 'none.pem'),
    ]).exit;
    assert.equal(exit.code, 1);
    assert.match(exit.stderr, /none\.pem: file not found/);
  });

  it('--workers 2 serves from two processes, replaces a dead worker, and stops them all', async () => {
    const cli = start([fx.root, '--port', '0', '--workers', '2', '--quiet']);
    const line = await cli.firstLine;
    assert.match(line, /^Serving .* at http:\/\/127\.0\.0\.1:\d+\/ \(2 workers\)$/);
    const port = Number(/:(\d+)\//.exec(line)?.[1]);
    assert.equal((await request(port, '/hello.txt')).status, 200);
    const workers = execFileSync('pgrep', ['-P', String(cli.child.pid)])
      .toString()
      .trim()
      .split('\n');
    assert.equal(workers.length, 2, 'two worker processes');
    process.kill(Number(workers[0]), 'SIGKILL');
    await waitUntil(() => {
      try {
        const now = execFileSync('pgrep', ['-P', String(cli.child.pid)])
          .toString()
          .trim()
          .split('\n');
        return now.length === 2 && !now.includes(workers[0]);
      } catch {
        return false;
      }
    });
    assert.equal((await request(port, '/hello.txt')).status, 200, 'still serving');
    cli.child.kill('SIGTERM');
    const exit = await cli.exit;
    assert.equal(exit.code, 0);
    assert.match(exit.stderr, /died \(SIGKILL\); starting a new one/);
    assert.throws(() => execFileSync('pgrep', ['-P', String(cli.child.pid)]), 'no worker left');
  });

  it('prints help and exits 0', async () => {
    const exit = await start(['--help']).exit;
    assert.equal(exit.code, 0);
    for (const flag of [
      '--host',
      '--port',
      '--no-listing',
      '--header',
      '--cors',
      '--spa',
      '--tls-cert',
      '--tls-key',
      '--redirect-port',
      '--keep-alive-timeout-ms',
      '--headers-timeout-ms',
      '--request-timeout-ms',
      '--max-header-size',
      '--allowed-hosts',
      '--quiet',
      '--help',
    ]) {
      assert.ok(exit.stdout.includes(flag), flag);
    }
  });
});
