import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as http from 'node:http';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCli, UsageError } from '../../../src/cli/args';
import { inotifyWatches } from '../../shared/inotify';
import { until } from '../../shared/processes';
import { openEvents } from '../../shared/events';
import { request } from '../helpers';
import { CLI, runCli } from './cliRun';

/** `promise`, or an error naming `what` after `ms`. */
function within<T>(promise: Promise<T>, what: string, ms = 5000): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms)),
  ]);
}

/** Whether this machine lets us make a user namespace with its own inotify limit (Linux 4.9+, unprivileged namespaces allowed). */
function namespacesWork(): boolean {
  return spawnSync('unshare', ['-Ur', 'sh', '-c', 'echo 100 > /proc/sys/user/max_inotify_watches']).status === 0;
}

describe('ferrox --live on a big tree, --poll, and the watch limit', function () {
  this.timeout(30_000);
  let dir: string;

  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-cli-watch-')));
    for (let i = 0; i < 400; i++) fs.mkdirSync(path.join(dir, 'node_modules', `p${i}`, 'lib'), { recursive: true });
    for (let i = 0; i < 60; i++) fs.mkdirSync(path.join(dir, 'src', `part${i}`), { recursive: true });
    fs.writeFileSync(path.join(dir, 'src', 'index.html'), '<!doctype html><title>t</title><p>0');
    // Written long ago, as a project's files are (a poller reports what changed in the seconds before it started).
    const hourAgo = new Date(Date.now() - 3600_000);
    fs.utimesSync(path.join(dir, 'src', 'index.html'), hourAgo, hourAgo);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('parses --poll [MS] and --no-poll', () => {
    const options = (argv: string[]) =>
      (parseCli(argv) as Extract<ReturnType<typeof parseCli>, { kind: 'serve' }>).options;
    assert.deepEqual(
      [options(['--live', '--poll']).livePoll, options(['--live', '--poll']).livePollIntervalMs],
      ['always', undefined],
    );
    assert.deepEqual(options(['--poll', '300', 'site']), {
      ...options(['site']),
      livePoll: 'always',
      livePollIntervalMs: 300,
    });
    assert.equal(options(['--poll', 'site']).root, 'site', 'a folder after a bare --poll is the folder');
    assert.equal(options(['--poll=250']).livePollIntervalMs, 250);
    assert.equal(options(['--no-poll']).livePoll, 'never');
    assert.equal(options(['--poll', '--no-poll']).livePoll, 'never', 'the last one counts');
    assert.throws(
      () => parseCli(['--poll', '-5']),
      (e: Error) => e instanceof UsageError,
    );
    assert.throws(() => parseCli(['--sync', '--workers', '2']), /--sync relays between the pages of one process/);
    assert.equal(options(['--sync']).liveReload, true, '--sync implies --live');
  });

  it('watches only the folders that matter (node_modules never), and polls when told to', async () => {
    const cli = runCli([dir, '--port', '0', '--live', '--quiet']);
    const [, url] = await cli.waitFor(/at (http:\S+) with live reload/);
    const port = Number(new URL(url).port);
    assert.equal((await request(port, '/src/index.html')).status, 200);
    // The root, src and its 60 parts; not the 800 folders of node_modules.
    await until('the tree watched', () => inotifyWatches(cli.child.pid!) >= 62);
    const watches = inotifyWatches(cli.child.pid!);
    assert.ok(watches <= 70, `the CLI holds ${watches} watches`);
    assert.equal(await cli.stop(), 0);

    const polling = runCli([dir, '--port', '0', '--live', '--quiet', '--poll', '100']);
    const [, pollUrl] = await polling.waitFor(/at (http:\S+) with live reload/);
    const events = await openEvents(Number(new URL(pollUrl).port));
    try {
      assert.equal((await within(events.next(), 'hello')).event, 'hello');
      assert.equal(inotifyWatches(polling.child.pid!), 0, 'polling holds no watch');
      fs.writeFileSync(path.join(dir, 'src', 'part3', 'x.js'), '1');
      assert.deepEqual((await within(events.next(), 'change')).data, { css: [], other: ['/src/part3/x.js'] });
    } finally {
      events.close();
      assert.equal(await polling.stop(), 0);
    }
  });

  it('out of watches (a user namespace with a limit of 40): says so once with the fix, serves, and polls', async function () {
    if (!namespacesWork()) this.skip();
    const child = spawn('unshare', [
      '-Ur',
      'sh',
      '-c',
      'echo 40 > /proc/sys/user/max_inotify_watches && exec "$0" "$@"',
      process.execPath,
      CLI,
      dir,
      '--port',
      '0',
      '--live',
      '--quiet',
    ]);
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    child.stderr.on('data', (c) => {
      err += c;
    });
    try {
      await until('listening', () => /at http:\S+/.test(out));
      const port = Number(new URL(/at (http:\S+)/.exec(out)![1]).port);
      await until('the limit said', () => /max_user_watches/.test(err));
      assert.equal(err.match(/limit of file watches is reached/g)?.length, 1, err);
      assert.match(
        err,
        /^ferrox: warning: The system's limit of file watches is reached \(fs\.inotify\.max_user_watches is \d+\), so Ferrox polls/m,
      );
      assert.match(err, /sudo sysctl --system/);
      assert.equal((await request(port, '/src/index.html')).status, 200);
      const events = await openEvents(port);
      try {
        assert.equal((await within(events.next(), 'hello')).event, 'hello');
        fs.writeFileSync(path.join(dir, 'src', 'part59', 'late.js'), '1');
        const change = await within(events.next(), 'change');
        assert.deepEqual(change.data, { css: [], other: ['/src/part59/late.js'] }, 'polling hears it');
      } finally {
        events.close();
      }
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('close', r));
    }
  });

  it('says who is watching when that changes: "2 pages on 2 devices", each with its device, size and path', async () => {
    const cli = runCli([dir, '--port', '0', '--live']);
    const [, url] = await cli.waitFor(/at (http:\S+) with live reload/);
    const port = Number(new URL(url).port);
    const phoneUa =
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';
    const open = (query: string, ua: string) =>
      new Promise<http.IncomingMessage>((resolve) =>
        http.get(
          {
            port,
            host: '127.0.0.1',
            path: `/__ferrox/events?${query}`,
            headers: { 'User-Agent': ua },
            agent: false,
          },
          (res) => res.once('data', () => resolve(res)),
        ),
      );
    const phone = await open('page=%2Fsrc%2Findex.html&viewport=390x844', phoneUa);
    const desk = await open(
      'page=%2F&viewport=1280x800',
      'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
    );
    try {
      await until('the line', () => /2 pages on 2 devices/.test(cli.stderr()));
      assert.match(
        cli.stderr(),
        /^ferrox: 2 pages on 2 devices: desktop 1280×800 \/ \(Firefox\), phone 390×844 \/src\/index\.html \(Chrome\)$/m,
      );
    } finally {
      phone.destroy();
      desk.destroy();
    }
    await until('the pages gone', () => /^ferrox: no pages connected$/m.test(cli.stderr()));
    assert.equal(await cli.stop(), 0);
  });
});
