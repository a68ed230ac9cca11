import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCli, UsageError } from '../../../src/cli/args';
import { survivors, until } from '../../shared/processes';
import { request } from '../helpers';
import { runCli } from './cliRun';

describe('ferrox --backend', function () {
  this.timeout(30_000);
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-cli-backend-'));
    fs.writeFileSync(
      path.join(dir, 'index.php'),
      '<!doctype html><title>t</title><p><?= "from php" ?></p><?php error_log("rendered"); ?>',
    );
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('serves the site from the backend with live reload on, marks its output, and leaves nothing after Ctrl+C', async () => {
    const cli = runCli([dir, '--port', '0', '--backend', `php -S 127.0.0.1:{port} -t ${dir}`, '--static', '/assets']);
    const [, url] = await cli.waitFor(/at (http:\S+) with live reload/);
    assert.match(cli.stdout(), /Backend: {2}php -S 127\.0\.0\.1:\{port\} -t \S+ \(but \/assets, from the folder\)/);
    const page = await request(Number(new URL(url).port), '/');
    assert.match(page.text, /<p>from php<\/p>/);
    await until("the backend's line, marked", () => /^backend \| .*rendered$/m.test(cli.stderr()));
    assert.doesNotMatch(cli.stderr(), /OPcache/, 'no hint: Ferrox has PHP look at every saved file itself');
    assert.equal(await cli.stop('SIGINT'), 0);
    await until('no php left', () => survivors(`-t ${dir}`).length === 0, 5000);
  });

  it('leaves nothing running when the CLI itself is killed (SIGKILL)', async () => {
    const cli = runCli([dir, '--port', '0', '--backend', `php -S 127.0.0.1:{port} -t ${dir}`]);
    await cli.waitFor(/at http:/);
    assert.ok(
      survivors(`-t ${dir}`).some((l) => / php -S /.test(l)),
      'php runs',
    );
    // The folder of Ferrox's PHP settings, as the backend was given it.
    const php = survivors(`-t ${dir}`).find((l) => /^\d+ php -S /.test(l))!;
    const environ = fs.readFileSync(`/proc/${php.split(' ')[0]}/environ`, 'utf8').split('\0');
    const temp = environ.find((e) => e.startsWith('FERROX_BACKEND_TEMP='))!.slice('FERROX_BACKEND_TEMP='.length);
    assert.ok(fs.existsSync(path.join(temp, 'zz-ferrox-freshness.ini')));
    await cli.stop('SIGKILL');
    await until('no php left', () => survivors(`-t ${dir}`).length === 0, 8000);
    await until('no temporary folder left', () => !fs.existsSync(temp), 8000);
  });

  it('a command that cannot be found, or never listens, fails the start with exit 1 and says why', async () => {
    const missing = await runCli([dir, '--port', '0', '--backend', 'no-such-command-ferrox {port}']).exit;
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /backend \| .*not found/);
    assert.match(
      missing.stderr,
      /ferrox: The backend "no-such-command-ferrox \{port\}" exited with code 127 before it listened/,
    );
    // Listens, but on a port of its own choosing.
    const ignores = runCli([
      dir,
      '--port',
      '0',
      '--backend-start-timeout-ms',
      '1500',
      '--backend',
      `"${process.execPath}" -e "require('http').createServer().listen(0, '127.0.0.1')" ${dir}`,
    ]);
    const exit = await ignores.exit;
    assert.equal(exit.code, 1);
    assert.match(
      exit.stderr,
      /did not accept connections on port \d+ within 1\.5 s\. Does it listen on \{port\} \(or \$PORT\), on 127\.0\.0\.1\?/,
    );
    await until('no php left', () => survivors(`-t ${dir}`).length === 0, 5000);
  });

  it("prints Ferrox's own address first, and the backend's banner after it, marked (real php and Flask)", async () => {
    fs.writeFileSync(
      path.join(dir, 'app.py'),
      'from flask import Flask\napp = Flask(__name__)\n@app.route("/")\ndef home():\n    return "<p>flask</p>"\n',
    );
    for (const [command, banner] of [
      [`php -S 127.0.0.1:{port} -t ${dir}`, /Development Server \(http:\/\/127\.0\.0\.1:\d+\) started/],
      ['flask --app app run --port {port}', /Running on http:\/\/127\.0\.0\.1:\d+/],
    ] as const) {
      // On a terminal stdout and stderr are one stream, in the order a person reads them.
      const cli = runCli([dir, '--port', '0', '--backend', command], { tty: true, cwd: dir, env: { NO_COLOR: '1' } });
      try {
        await cli.waitFor(banner, 20_000);
        const text = cli.stdout();
        const ours = text.search(/Serving .* at http:\/\/127\.0\.0\.1:\d+\//);
        const theirs = text.search(banner);
        assert.ok(ours >= 0 && ours < theirs, `Ferrox's address first (${command}):\n${text}`);
        assert.match(text, new RegExp(`backend \\| .*${banner.source}`), "the banner marked as the backend's");
      } finally {
        await cli.stop('SIGINT');
      }
    }
  });

  it('a backend that prints another port than the one it was given is named at once, not after the start timeout', async () => {
    const other = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const started = Date.now();
    const exit = await runCli([dir, '--port', '0', '--backend', `php -S 127.0.0.1:${other} -t ${dir}`]).exit;
    const took = Date.now() - started;
    assert.equal(exit.code, 1);
    assert.match(
      exit.stderr,
      new RegExp(
        `says it listens on port ${other} \\(".*Development Server.*"\\), not on port \\d+, the one it was given\\. Put \\{port\\} in its command`,
      ),
    );
    assert.ok(took < 15_000, `named after ${took} ms, before the 20 s start timeout`);
    await until('no php left', () => survivors(`-t ${dir}`).length === 0, 5000);
  });

  it('checks its flags: --static and --watch need a backend or live reload, --backend one server', () => {
    assert.throws(
      () => parseCli(['--static', '/a']),
      (e: Error) => e instanceof UsageError && /--static keeps prefixes from a backend/.test(e.message),
    );
    assert.throws(() => parseCli(['--watch', 'templates']), /--watch is for live reload/);
    assert.throws(() => parseCli(['--backend', 'x {port}', '--workers', '2']), /cannot be used with --workers/);
    const command = parseCli(['--backend', 'x {port}', '--watch', 't', '--static', '/s']);
    assert.ok(
      command.kind === 'serve' && command.options.liveReload === true && command.options.backend === 'x {port}',
    );
    const off = parseCli(['--backend-url', 'http://127.0.0.1:3000', '--no-live']);
    assert.ok(off.kind === 'serve' && off.options.liveReload === false);
  });
});
