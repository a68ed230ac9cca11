import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { BackendStartError, BackendSupervisor, stopTree, type BackendState } from '../../../src/core/backend';
import { survivors, until } from '../../shared/processes';

function get(port: number, pathname = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: pathname, agent: false }, (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

/** A grandchild's nap, unique to this run, to find it by. */
const NAP = String(200000 + (process.pid % 100000));

/** A Node backend in one line: answers "ok", exits with 3 when asked /die, and starts a grandchild (`sleep NAP`) that outlives a plain kill. */
const NODE_BACKEND = (marker: string) =>
  `"${process.execPath}" -e "require('child_process').spawn('sleep', ['${NAP}'], { stdio: 'ignore' }); ` +
  `require('http').createServer((q, s) => { s.end('ok ${marker}'); if (q.url === '/die') process.exit(3); }).listen(process.env.PORT, '127.0.0.1')"`;

describe('backend supervisor', function () {
  this.timeout(30_000);
  let dir: string;
  const running: BackendSupervisor[] = [];
  const start = async (command: string, startTimeoutMs = 10_000) => {
    const backend = new BackendSupervisor({ command, cwd: dir, startTimeoutMs });
    running.push(backend);
    await backend.start();
    return backend;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-backend-'));
    fs.writeFileSync(path.join(dir, 'index.php'), '<?php echo "php says " . (1 + 1);');
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((b) => b.stop()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts when the temporary folder cannot take its PHP settings (the backend runs without them)', async () => {
    const tmp = process.env.TMPDIR;
    process.env.TMPDIR = path.join(dir, 'no-such-folder');
    try {
      const backend = await start(`php -S 127.0.0.1:{port} -t ${dir}`);
      assert.equal((await get(backend.port)).body, 'php says 2');
    } finally {
      if (tmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmp;
    }
  });

  it('runs a real backend on the port it chose ({port} and $PORT), passes its output on, and leaves nothing when stopped', async () => {
    const lines: string[] = [];
    const backend = new BackendSupervisor({
      command: `php -S 127.0.0.1:{port} -t ${dir}`,
      cwd: dir,
      startTimeoutMs: 10_000,
    });
    running.push(backend);
    backend.on('output', (l) => lines.push(l.text));
    const port = await backend.start();
    assert.equal(backend.state, 'running');
    assert.deepEqual(await get(port), { status: 200, body: 'php says 2' });
    await until('the request in its output', () => lines.some((l) => /\[200\]: GET \//.test(l)));
    assert.ok(survivors(dir).length > 0, 'php runs');
    await backend.stop();
    assert.equal(backend.state, 'stopped');
    await until('nothing left running', () => survivors(dir).length === 0, 5000);
  });

  it('says why a command that cannot run never started: not found, or never listening on its port', async () => {
    await assert.rejects(start('ferrox-no-such-command --port {port}'), (err: Error) => {
      assert.ok(err instanceof BackendStartError);
      assert.match(err.message, /"ferrox-no-such-command --port \{port\}" exited with code 127 before it listened/);
      assert.ok(
        err instanceof BackendStartError && err.lines.some((l) => /not found/.test(l)),
        String((err as BackendStartError).lines),
      );
      return true;
    });
    const started = Date.now();
    // It listens, on a port of its own choosing, and says so: named at once.
    await assert.rejects(
      start(`php -S 127.0.0.1:0 -t ${dir}`, 20_000),
      /says it listens on port \d+ \(".*Development Server.*"\), not on port \d+, the one it was given/,
    );
    assert.ok(Date.now() - started < 15_000, 'before the 20 s start timeout');
    // It listens elsewhere and says nothing: the start timeout says what to check.
    await assert.rejects(
      start(`"${process.execPath}" -e "require('http').createServer().listen(0, '127.0.0.1')"`, 1500),
      /did not accept connections on port \d+ within 1\.5 s\. Does it listen on \{port\}/,
    );
    await until('the ignored backend stopped', () => survivors(dir).length === 0, 5000);
  });

  it('restarts a backend that exits, with its exit kept for the page that stands in for it', async () => {
    const backend = await start(NODE_BACKEND(dir));
    const states: BackendState[] = [];
    backend.on('state', (s) => states.push(s));
    await get(backend.port, '/die').catch(() => undefined);
    await until('the exit', () => backend.state === 'exited');
    assert.equal(backend.exit?.code, 3);
    await until('the restart', () => backend.state === 'running', 10_000);
    assert.deepEqual(states, ['exited', 'starting', 'running']);
    assert.equal((await get(backend.port)).body, `ok ${dir}`);
  });

  it('ends the whole process group, the grandchild too, when stopped, and when Ferrox itself is killed', async () => {
    const backend = await start(NODE_BACKEND(dir));
    await until('the grandchild', () => survivors(`sleep ${NAP}`).length > 0);
    await backend.stop();
    await until(
      'nothing left, the grandchild included',
      () => survivors(dir).length === 0 && survivors(`sleep ${NAP}`).length === 0,
      5000,
    );
    // A Ferrox process that dies by SIGKILL, with no chance to clean up: its guard still does.
    const host = spawn(process.execPath, [
      '-e',
      `const { BackendSupervisor } = require(${JSON.stringify(path.resolve(__dirname, '../../../src/core/backend'))});
      new BackendSupervisor({ command: ${JSON.stringify(NODE_BACKEND(dir))}, cwd: ${JSON.stringify(dir)}, startTimeoutMs: 10000 }).start().then(() => console.log('up'));`,
    ]);
    await new Promise<void>((resolve) =>
      host.stdout.on('data', (c) => {
        if (String(c).includes('up')) resolve();
      }),
    );
    await until('the grandchild', () => survivors(`sleep ${NAP}`).length > 0);
    host.kill('SIGKILL');
    await until(
      'the backend and its grandchild gone with Ferrox',
      () => survivors(dir).length === 0 && survivors(`sleep ${NAP}`).length === 0,
      8000,
    );
  });

  it('stops a tree the way each system can: a signal to the POSIX group, taskkill /T on Windows', () => {
    const calls: unknown[] = [];
    const fake = (platform: NodeJS.Platform) => ({
      platform,
      kill: (pid: number, sig: NodeJS.Signals) => calls.push(['kill', pid, sig]),
      run: (c: string, a: string[]) => calls.push([c, ...a]),
    });
    stopTree(42, false, fake('linux'));
    stopTree(42, true, fake('darwin'));
    stopTree(42, false, fake('win32'));
    stopTree(42, true, fake('win32'));
    assert.deepEqual(calls, [
      ['kill', -42, 'SIGTERM'],
      ['kill', -42, 'SIGKILL'],
      ['taskkill', '/pid', '42', '/T'],
      ['taskkill', '/pid', '42', '/T', '/F'],
    ]);
    const gone = {
      platform: 'linux' as const,
      kill: () => {
        throw Object.assign(new Error('gone'), { code: 'ESRCH' });
      },
      run: () => undefined,
    };
    assert.doesNotThrow(() => stopTree(42, false, gone), 'a tree already gone is no error');
  });
});
