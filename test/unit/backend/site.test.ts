import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BackendStartError, FerroxServer, OptionsError, type BackendLine, type ServerOptions } from '../../../src/core';
import { openEvents } from '../../shared/events';
import { HOPS } from '../../shared/net';
import { survivors, until } from '../../shared/processes';
import { request, startServer, type Running } from '../helpers';
import { again, tokenOf } from './fetchAgain';

const PAGE = (body: string, script = '/assets/app.js') =>
  `<!doctype html><html><head><title>php</title></head><body><?php include 'part.php'; ?>${body}<input id="name"><script src="${script}"></script></body></html>`;

/** Lets the bursts of a start (the backend coming up) end, and forgets their events. */
async function settle(stream: { events: unknown[] }): Promise<void> {
  await new Promise((r) => setTimeout(r, 200));
  stream.events.length = 0;
}

describe("a backend's site: started by Ferrox, the whole site, its pages fetched again", function () {
  this.timeout(30_000);
  let root: string;
  let srv: Running | undefined;
  const serve = async (options: Omit<ServerOptions, 'root'>) =>
    (srv = await startServer({ root, liveReload: true, liveReloadDebounceMs: 20, ...options }));

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-site-'));
    fs.writeFileSync(path.join(root, 'index.php'), PAGE(''));
    fs.writeFileSync(path.join(root, 'part.php'), '<p id="msg">one</p>');
    fs.writeFileSync(
      path.join(root, 'form.php'),
      '<!doctype html><title>f</title><p>posted <?= $_SERVER["REQUEST_METHOD"] ?></p>',
    );
    fs.mkdirSync(path.join(root, 'assets'));
    fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'window.app = 1;');
    fs.writeFileSync(path.join(root, 'assets', 'raw.php'), '<?php echo "executed";');
  });
  afterEach(async () => {
    await srv?.server.stop();
    srv = undefined;
    await until('no backend left', () => survivors(root).length === 0, 5000);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('serves every path from the backend but /__ferrox/ and the static prefixes, and passes its output on', async () => {
    const lines: BackendLine[] = [];
    const s = await serve({ backend: 'php -S 127.0.0.1:{port}', static: ['/assets'] });
    s.server.on('backendOutput', (line) => lines.push(line));
    assert.equal(s.server.backendState, 'running');
    const page = await request(s.port, '/');
    assert.equal(page.status, 200);
    assert.match(page.text, /<p id="msg">one<\/p>/, 'PHP rendered the page');
    assert.match(page.text, /data-follow="backend" data-page="[\w-]{22}"/);
    assert.equal(
      (await request(s.port, '/__ferrox/live.js')).headers['content-type'],
      'text/javascript; charset=utf-8',
    );
    assert.equal(
      (await request(s.port, '/assets/raw.php')).text,
      '<?php echo "executed";',
      'a static prefix is served from the folder, never run',
    );
    const posted = await request(s.port, '/form.php', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    assert.match(posted.text, /posted POST/);
    assert.match(posted.text, /data-follow="backend"/);
    assert.equal(tokenOf(posted.text), undefined, 'the answer to a POST is never fetched again');
    await until("the backend's log line", () => lines.some((l) => l.text.includes('GET /')));
  });

  it('answers a page fetched again: a morph for an edited include, the error and its log for a parse error, the page again once fixed, a reload for a script', async () => {
    const s = await serve({ backend: 'php -S 127.0.0.1:{port}' });
    const token = tokenOf((await request(s.port, '/')).text)!;
    assert.deepEqual(await again(s.port, '/', token), { kind: 'unchanged', cookies: undefined });
    fs.writeFileSync(path.join(root, 'part.php'), '<p id="msg">two</p>');
    const morph = await again(s.port, '/', token);
    assert.equal(morph.kind, 'morph');
    assert.ok(
      morph.kind === 'morph' &&
        morph.old.includes('>one<') &&
        morph.html.includes('>two<') &&
        !morph.html.includes('data-follow'),
    );
    const next = morph.kind === 'morph' ? morph.page : '';
    assert.notEqual(next, token);
    fs.writeFileSync(path.join(root, 'part.php'), '<?php echo "unclosed ;');
    const error = await again(s.port, '/', next);
    assert.ok(error.kind === 'error' && error.status === 500, JSON.stringify(error));
    assert.ok(
      error.log.some((l) => /PHP Parse error: .*part\.php on line 1/.test(l)),
      `what PHP wrote while rendering: ${error.log.join(' | ')}`,
    );
    assert.ok(!error.log.some((l) => /\[200\]: GET/.test(l)), 'only what it wrote for this page');
    fs.writeFileSync(path.join(root, 'part.php'), '<p id="msg">three</p>');
    const back = await again(s.port, '/', next);
    assert.ok(
      back.kind === 'morph' && back.old.includes('>two<') && back.html.includes('>three<'),
      'from the last good page',
    );
    fs.writeFileSync(path.join(root, 'index.php'), PAGE('', '/assets/other.js'));
    const reload = await again(s.port, '/', back.kind === 'morph' ? back.page : '');
    assert.deepEqual(reload, { kind: 'reload', reason: 'a <script> changed', cookies: undefined });
  });

  it("tells backends' pages of a change in the folder or a watch folder, early and settled, but not of unsaved text", async () => {
    const templates = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-templates-'));
    try {
      const s = await serve({ backend: 'php -S 127.0.0.1:{port}', watch: [templates] });
      const stream = await openEvents(s.port);
      try {
        await stream.next(); // hello
        await request(s.port, '/');
        await settle(stream);
        fs.writeFileSync(path.join(root, 'part.php'), '<p id="msg">two</p>');
        const early = await stream.next();
        assert.deepEqual(early.data, { css: [], other: [], backend: 'try' });
        const settled = await stream.next();
        assert.deepEqual(settled.data, { css: [], other: ['/part.php'], backend: 'final' });
        fs.writeFileSync(path.join(templates, 'page.html.j2'), 'x');
        assert.equal(
          ((await stream.next()).data as { backend?: string }).backend,
          'try',
          'a watch folder outside the root counts',
        );
        assert.equal(((await stream.next()).data as { backend?: string }).backend, 'final');
        s.server.notifyChange(path.join(root, 'part.php'));
        const unsaved = await stream.next();
        assert.deepEqual(
          unsaved.data,
          { css: [], other: ['/part.php'] },
          'unsaved text: no backend sees it, so no page asks',
        );
      } finally {
        stream.close();
      }
    } finally {
      fs.rmSync(templates, { recursive: true, force: true });
    }
  });

  it('stands in for a backend that died with a page naming it, its exit and its output, and serves the site again after the restart', async () => {
    const script = path.join(root, 'app.js');
    fs.writeFileSync(
      script,
      "require('http').createServer((q, s) => { s.setHeader('Content-Type', 'text/html'); s.end('<!doctype html><title>n</title><p>node</p>'); " +
        "if (q.url === '/die') { console.error('dying on purpose'); process.exit(3); } }).listen(process.env.PORT, '127.0.0.1')",
    );
    const s = await serve({ backend: `"${process.execPath}" app.js`, cors: true });
    const token = tokenOf((await request(s.port, '/')).text)!;
    const stream = await openEvents(s.port);
    try {
      await stream.next();
      await settle(stream);
      await request(s.port, '/die');
      await until('the exit', () => s.server.backendState === 'exited');
      const down = await request(s.port, '/');
      assert.equal(down.status, 503);
      assert.match(down.text, /app\.js<\/code> exited with code 3/);
      assert.match(down.text, /dying on purpose/, 'its last output, to this machine');
      assert.match(down.text, /data-follow="backend" data-page=/, 'the page comes back by itself');
      for (const hop of HOPS) {
        const remote = await request(s.port, '/', { headers: hop });
        assert.equal(remote.status, 503);
        assert.doesNotMatch(
          remote.text,
          /app\.js|dying on purpose/,
          `through a hop: neither the command nor its output (${JSON.stringify(hop)})`,
        );
        assert.match(remote.text, /The site's backend exited with code 3\./);
      }
      assert.equal(down.headers['access-control-allow-origin'], undefined, 'CORS is on for files, never for this page');
      const read = await request(s.port, '/', {
        headers: { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'cors' },
      });
      assert.equal(read.status, 403, 'another site may not read it');
      assert.doesNotMatch(read.text, /dying on purpose/);
      const visit = await request(s.port, '/', {
        headers: { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'navigate' },
      });
      assert.equal(visit.status, 503, 'but may link to it');
      const error = await again(s.port, '/', token);
      assert.ok(error.kind === 'error' && error.status === 503 && error.html.includes('exited with code 3'));
      const told = await stream.next();
      assert.equal((told.data as { backend?: string }).backend, 'try', 'pages look again when the backend goes down');
      await until('the restart', () => s.server.backendState === 'running');
      assert.equal((await request(s.port, '/')).status, 200);
      assert.equal((await again(s.port, '/', token)).kind, 'unchanged', 'the page as it was');
    } finally {
      stream.close();
    }
  });

  it('a command that never listens on {port} fails the start within its time, says so, and leaves nothing running', async () => {
    const server = new FerroxServer({
      root,
      port: 0,
      liveReload: true,
      backend: 'php -S 127.0.0.1:1',
      backendStartTimeoutMs: 1500,
    });
    const started = Date.now();
    await assert.rejects(
      server.start(),
      (err: Error) =>
        err instanceof BackendStartError && /did not accept connections on port \d+ within 1\.5 s/.test(err.message),
    );
    assert.ok(Date.now() - started < 5000);
    assert.equal(server.address, undefined);
    await until('nothing left', () => survivors(root).length === 0, 5000);
  });

  it('refuses options that cannot be: two sources for the site, a bad static prefix, a watch folder that is missing', async () => {
    assert.throws(
      () => new FerroxServer({ root, backend: 'x', backendUrl: 'http://127.0.0.1:1' }),
      /backend \("x"\) and backendUrl \("http:\/\/127.0.0.1:1"\) both/,
    );
    assert.throws(
      () => new FerroxServer({ root, backend: 'x', proxy: { '/': 'http://127.0.0.1:1' } }),
      /proxy has a rule for "\/"/,
    );
    assert.throws(() => new FerroxServer({ root, backend: ' ' }), /backend must be the command/);
    assert.throws(
      () => new FerroxServer({ root, static: ['assets'] }),
      /static: the prefix "assets" must start with "\/"/,
    );
    assert.throws(() => new FerroxServer({ root, backendUrl: 'ftp://x' }), OptionsError);
    const server = new FerroxServer({ root, port: 0, liveReload: true, watch: [path.join(root, 'missing')] });
    await assert.rejects(server.start(), /watch: the folder .*missing does not exist/);
  });
});
