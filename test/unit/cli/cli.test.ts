import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { closestFlag } from '../../../src/cli/args';
import { CLI, runCli } from './cliRun';

const ESC = '\u001b[';
const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as {
  version: string;
};

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) =>
    http
      .get(url, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject),
  );
}

describe('the ferrox command', function () {
  this.timeout(20_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-cli-'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>cli</title>');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('start-up output', () => {
    it('on a terminal: the first line as ever, then a coloured block with the URL and how to stop, and short coloured log lines', async () => {
      const cli = runCli([dir, '--port', '0'], { tty: true });
      try {
        const [, url] = await cli.waitFor(/Serving .+ at (http:\/\/127\.0\.0\.1:\d+\/)\r?\n/);
        await cli.waitFor(/Press Ctrl\+C to stop/);
        const text = cli.stdout();
        const first = text.slice(0, text.indexOf('\n'));
        assert.ok(!first.includes(ESC), 'the first line has no colour codes');
        assert.match(first, /^Serving .+ at http:\/\/127\.0\.0\.1:\d+\/\r?$/);
        assert.ok(text.includes(`Local:${ESC}`) || text.includes(`${ESC}1mLocal:`), 'the block is coloured');
        assert.ok(text.includes(url));
        assert.doesNotMatch(text, /Network:/, 'loopback: no network lines');
        assert.equal(await get(`${url}nothing-here.txt?a=1`), 404);
        const line = (await cli.waitFor(/GET \/nothing-here\.txt\?a=1 .*\r?\n/))[0];
        assert.ok(line.includes(`${ESC}33m404`), `the status is yellow: ${JSON.stringify(line)}`);
      } finally {
        await cli.stop();
      }
    });

    it('not on a terminal: plain text, and Combined Log Format lines for tools', async () => {
      const cli = runCli([dir, '--port', '0']);
      try {
        const [, url] = await cli.waitFor(/^Serving .+ at (http:\/\/127\.0\.0\.1:\d+\/)\n/);
        await cli.waitFor(/Press Ctrl\+C to stop/);
        assert.match(
          cli.stdout(),
          /\n {2}Live reload is off: add --live to have pages follow your edits\. Press Ctrl\+C to stop\.\n/,
        );
        assert.ok(!cli.stdout().includes(ESC), 'no escape codes in a pipe');
        await get(`${url}index.html`);
        await cli.waitFor(/127\.0\.0\.1 - - \[[^\]]+\] "GET \/index\.html HTTP\/1\.1" 200 \d+ "-" "-"/);
      } finally {
        await cli.stop();
      }
    });

    it('NO_COLOR turns colour off on a terminal, FORCE_COLOR on in a pipe; --log-format picks the lines', async () => {
      const plain = runCli([dir, '--port', '0', '--log-format', 'combined'], { tty: true, env: { NO_COLOR: '1' } });
      try {
        const [, url] = await plain.waitFor(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
        await plain.waitFor(/Press Ctrl\+C to stop/);
        assert.ok(!plain.stdout().includes(ESC));
        await get(`${url}index.html`);
        await plain.waitFor(/"GET \/index\.html HTTP\/1\.1" 200/);
      } finally {
        await plain.stop();
      }
      const forced = runCli([dir, '--port', '0', '--log-format', 'dev'], { env: { FORCE_COLOR: '1' } });
      try {
        const [, url] = await forced.waitFor(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
        await get(`${url}index.html`);
        const line = (await forced.waitFor(/GET \/index\.html .*\n/))[0];
        assert.ok(line.includes(`${ESC}32m200`), JSON.stringify(line));
      } finally {
        await forced.stop();
      }
    });

    it('bound to every interface: Network lines for the LAN addresses, and a warning without --share', async () => {
      const cli = runCli([dir, '--port', '0', '--host', '0.0.0.0']);
      try {
        await cli.waitFor(/Press Ctrl\+C to stop/);
        const lan = Object.values(os.networkInterfaces())
          .flat()
          .filter((a) => a && a.family === 'IPv4' && !a.internal);
        for (const a of lan)
          assert.match(cli.stdout(), new RegExp(`Network: +http://${a!.address.replace(/\./g, '\\.')}:\\d+/`));
        if (lan.length === 0) assert.match(cli.stdout(), /Network: +no network address found/);
        await new Promise((r) => setTimeout(r, 100));
        assert.match(
          cli.stderr(),
          /warning: bound to every interface without --share: anyone on your network can read this folder\. Add --share/,
        );
      } finally {
        await cli.stop();
      }
    });

    it('--host :: prints an address as 0.0.0.0 does: the loopback one', async () => {
      const cli = runCli([dir, '--port', '0', '--host', '::', '--quiet']);
      try {
        const [, url] = await cli.waitFor(/^Serving .+ at (http:\/\/\[::1\]:\d+\/)/);
        assert.equal(await get(`${url}index.html`), 200);
      } finally {
        await cli.stop();
      }
    });
  });

  describe('flags', () => {
    it('--version and -v print the version; -h is --help', async () => {
      for (const flag of ['--version', '-v']) {
        const cli = runCli([flag]);
        assert.equal(await cli.exited, 0);
        assert.equal(cli.stdout(), `ferrox ${manifest.version}\n`);
      }
      const help = runCli(['-h']);
      assert.equal(await help.exited, 0);
      assert.match(
        help.stdout(),
        /-p, --port N[^]*-o, --open[^]*--log-format FORMAT[^]*-v, --version[^]*130 \(143 for SIGTERM\)/,
      );
    });

    it('-p sets the port', async () => {
      const probe = net.createServer();
      await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
      const port = (probe.address() as net.AddressInfo).port;
      await new Promise((r) => probe.close(r));
      const cli = runCli([dir, '-p', String(port), '--quiet']);
      try {
        await cli.waitFor(new RegExp(`at http://127\\.0\\.0\\.1:${port}/`));
      } finally {
        await cli.stop();
      }
    });

    it("an unknown option gets our own message with the flag meant, never parseArgs' text", async () => {
      const cli = runCli([dir, '--prot', '3000']);
      assert.equal(await cli.exited, 2);
      assert.equal(
        cli.stderr(),
        'ferrox: unknown option --prot. Did you mean --port?\nRun "ferrox --help" for usage.\n',
      );
      const missing = runCli([dir, '--port']);
      assert.equal(await missing.exited, 2);
      assert.match(missing.stderr(), /^ferrox: --port needs a value\n/);
      assert.equal(closestFlag('--compresion'), '--compression');
      assert.equal(closestFlag('--no-listng'), '--no-listing');
      assert.equal(closestFlag('--liv'), '--live');
      assert.equal(closestFlag('--zzzzzz'), undefined);
    });

    it('a busy port says how to pick another', async () => {
      const blocker = net.createServer();
      await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
      try {
        const cli = runCli([dir, '--port', String((blocker.address() as net.AddressInfo).port)]);
        assert.equal(await cli.exited, 1);
        assert.match(cli.stderr(), /already in use\. Choose another with --port N, or --port 0 for any free port/);
      } finally {
        blocker.close();
      }
    });

    it('a file given as the folder says so, and names its folder', async () => {
      const cli = runCli([path.join(dir, 'index.html')]);
      assert.equal(await cli.exited, 2);
      assert.match(
        cli.stderr(),
        new RegExp(
          `index\\.html is a file, not a folder\\. To serve the folder it is in, run: ferrox ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`,
        ),
      );
    });
  });

  describe('when the reader of its output goes away', () => {
    /** `ferrox … | head -1`, as README invites: head reads the URL and closes the pipe. */
    async function underHead(args: string[]) {
      const shell = spawn('bash', [
        '-c',
        `set -o pipefail; '${process.execPath}' '${CLI}' ${args.map((a) => `'${a}'`).join(' ')} | head -1`,
      ]);
      let out = '';
      let err = '';
      shell.stdout.on('data', (c) => {
        out += c;
      });
      shell.stderr.on('data', (c) => {
        err += c;
      });
      const exited = new Promise<number | null>((resolve) => shell.once('close', (code) => resolve(code)));
      for (let i = 0; i < 250 && !/at http/.test(out); i++) await new Promise((r) => setTimeout(r, 20));
      const url = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1];
      assert.ok(url, `the first line names the URL: ${out} ${err}`);
      const pid = Number(
        execFileSync('pgrep', ['-P', String(shell.pid), '-f', 'cli.js'])
          .toString()
          .trim()
          .split('\n')[0],
      );
      return { url, pid, exited, stderr: () => err };
    }

    for (const workers of [1, 2]) {
      it(`goes on serving after the first line when stdout closes${workers > 1 ? ', with --workers 2' : ''}, and still stops cleanly`, async () => {
        const run = await underHead([dir, '--port', '0', '--log-format', 'combined', '--workers', String(workers)]);
        try {
          // Every request writes an access line into the closed pipe.
          for (let i = 0; i < 20; i++) assert.equal(await get(`${run.url}index.html?n=${i}`), 200);
          process.kill(run.pid, 0);
          assert.match(
            run.stderr(),
            /ferrox: standard output was closed; the access log stops here, and the server goes on serving/,
          );
          assert.doesNotMatch(run.stderr(), /EPIPE|Unhandled/);
        } finally {
          process.kill(run.pid, 'SIGTERM');
        }
        assert.equal(await run.exited, 0, `exit status of the pipeline (pipefail): ${run.stderr()}`);
      });
    }

    it('goes on serving with both stdout and stderr closed', async () => {
      const cli = runCli([dir, '--port', '0', '--log-format', 'combined', '--live']);
      const [, url] = await cli.waitFor(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
      cli.child.stdout.destroy();
      cli.child.stderr.destroy();
      // Each request writes an access line into the closed stdout.
      for (let i = 0; i < 10; i++) assert.equal(await get(`${url}index.html?n=${i}`), 200);
      assert.equal(await get(`${url}missing`), 404);
      assert.equal(cli.child.exitCode, null, 'still running');
      assert.equal(await cli.stop('SIGINT'), 0);
    });
  });

  describe('what pages print', () => {
    it('reaches the terminal with its control characters escaped: no escape sequence from a page is ever written raw', async () => {
      const cli = runCli([dir, '--port', '0', '--live']);
      try {
        const [, url] = await cli.waitFor(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
        await cli.waitFor(/\n {2}Live reload is on\. Press Ctrl\+C to stop\.\n/);
        const page = await new Promise<string>((resolve) =>
          http.get(`${url}index.html`, (res) => {
            let body = '';
            res.on('data', (c) => {
              body += c;
            });
            res.on('end', () => resolve(body));
          }),
        );
        const instance = /data-instance="([^"]+)"/.exec(page)![1];
        const body = JSON.stringify({
          instance,
          page: '/\u001b[2J',
          entries: [{ level: 'error', message: 'a\u001b]52;c;ZXZpbA==\u0007b' }],
        });
        await new Promise<void>((resolve, reject) => {
          const req = http.request(
            `${url}__ferrox/console`,
            { method: 'POST', headers: { 'Content-Type': 'application/json' } },
            (res) => {
              res.resume();
              res.on('end', resolve);
            },
          );
          req.on('error', reject);
          req.end(body);
        });
        for (let i = 0; i < 100 && !/browser error/.test(cli.stderr()); i++)
          await new Promise((r) => setTimeout(r, 20));
        assert.match(cli.stderr(), /browser error \/\\x1b\[2J: a\\x1b\]52;c;ZXZpbA==\\x07b/);
        assert.ok(!cli.stderr().includes('\u001b'), 'no raw ESC on stderr');
      } finally {
        await cli.stop();
      }
    });
  });

  describe('stopping', () => {
    it('says it is stopping, with the responses in flight, and that it stopped; exits 0', async () => {
      const cli = runCli([dir, '--port', '0', '--quiet']);
      await cli.waitFor(/at http/);
      assert.equal(await cli.stop('SIGINT'), 0);
      assert.match(
        cli.stderr(),
        /ferrox: stopping, 0 responses in flight… \(Ctrl\+C again to quit at once\)\nferrox: stopped\n/,
      );
    });

    it('under npm start, stops when npm (and the shell it ran us in) goes away: SIGTERM to npm reaches no child', async () => {
      // npm runs scripts as `sh -c "node dist/cli.js …"`; dash neither forwards signals nor execs.
      const shell = spawn('sh', ['-c', `'${process.execPath}' '${CLI}' '${dir}' --port 0 --quiet & wait`], {
        env: { ...process.env, npm_lifecycle_event: 'start' },
      });
      let out = '';
      let err = '';
      shell.stdout.on('data', (c) => {
        out += c;
      });
      shell.stderr.on('data', (c) => {
        err += c;
      });
      for (let i = 0; i < 200 && !/at http/.test(out); i++) await new Promise((r) => setTimeout(r, 20));
      const pid = Number(
        execFileSync('pgrep', ['-P', String(shell.pid)])
          .toString()
          .trim(),
      );
      shell.kill('SIGKILL'); // as npm's SIGTERM ends the shell
      let alive = true;
      for (let i = 0; i < 100 && alive; i++) {
        await new Promise((r) => setTimeout(r, 50));
        try {
          process.kill(pid, 0);
        } catch {
          alive = false;
        }
      }
      if (alive) process.kill(pid, 'SIGKILL');
      assert.equal(alive, false, 'the server stopped');
      assert.match(err, /ferrox: stopping, 0 responses in flight/);
    });

    it('a second Ctrl+C ends a shutdown at once, with 130', async () => {
      const cli = runCli([dir, '--port', '0', '--quiet', '--live']);
      const [, url] = await cli.waitFor(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
      // An open download keeps the graceful stop waiting.
      const big = path.join(dir, 'big.bin');
      fs.writeFileSync(big, Buffer.alloc(64 * 1024 * 1024));
      const req = http.get(`${url}big.bin`, (res) => res.pause());
      req.on('error', () => undefined);
      await new Promise((r) => setTimeout(r, 300));
      cli.child.kill('SIGINT');
      await new Promise((r) => setTimeout(r, 200));
      assert.match(cli.stderr(), /stopping, [1-9]\d* responses? in flight/);
      cli.child.kill('SIGINT');
      assert.equal(await cli.exited, 130);
      req.destroy();
      fs.rmSync(big);
    });
  });
});
