import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { FerroxServer, type AccessLogEntry, type Diagnostic, type ServerOptions } from '../../../src/core';
import { request } from '../helpers';

/** A folder with `files`, removed after the suite. */
function site(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-host-')));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** Starts a server on `dir`, keeping its diagnostics (from before it starts) and access log. */
async function serve(dir: string, options: Omit<ServerOptions, 'root'> = {}) {
  const server = new FerroxServer({ host: '127.0.0.1', port: 0, root: dir, ...options });
  const diagnostics: Diagnostic[] = [];
  const access: AccessLogEntry[] = [];
  server.on('diagnostic', (d) => diagnostics.push(d));
  server.on('access', (e) => access.push(e));
  const { port } = await server.start();
  return { server, port, diagnostics, access };
}

describe("hosts' files, against real sockets", function () {
  this.timeout(20_000);
  const dirs: string[] = [];
  const stops: (() => Promise<unknown>)[] = [];
  after(async () => {
    for (const stop of stops) await stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });
  const started = async (files: Record<string, string>, options: Omit<ServerOptions, 'root'> = {}) => {
    const dir = site(files);
    dirs.push(dir);
    const s = await serve(dir, options);
    stops.push(() => s.server.stop());
    return { ...s, dir };
  };

  describe('Netlify: _redirects and _headers', () => {
    let api: http.Server;
    let apiPort: number;
    let s: Awaited<ReturnType<typeof started>>;
    before(async () => {
      api = http.createServer((req, res) => res.end(`api saw ${req.url}`));
      await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
      apiPort = (api.address() as { port: number }).port;
      s = await started({
        _redirects: [
          '/old            /new.html              301',
          '/temp           /new.html              302',
          '/blog/:year/*   /posts/:year-:splat    301',
          '/search id=:id  /items/:id.html        301',
          '/exists.html    /new.html              301',
          '/forced.html    /new.html              200!',
          '/app/*          /app/index.html        200',
          `/api/*          http://127.0.0.1:${apiPort}/v1/:splat  200`,
          '/gone           /gone.html             404',
          '/first          /one.html              301',
          '/first          /two.html              301',
          '/geo            /us.html               302  Country=us',
          'no destination here',
        ].join('\n'),
        _headers: [
          '/*',
          '  X-Frame-Options: DENY',
          '  X-Robots-Tag: noindex',
          '/private/*',
          '  ! X-Robots-Tag',
          '  Cache-Control: no-store, private',
        ].join('\n'),
        'new.html': '<h1>new</h1>',
        'exists.html': '<h1>a file wins over a rule without !</h1>',
        'forced.html': '<h1>shadowed by a forced rule</h1>',
        'app/index.html': '<h1>the app</h1>',
        'gone.html': '<h1>this one is gone</h1>',
        'private/page.html': '<h1>private</h1>',
      });
      stops.push(() => new Promise((r) => api.close(r)));
    });

    it('redirects with the status and Location the host documents, placeholders and splats filled in', async () => {
      for (const [target, status, location] of [
        ['/old', 301, '/new.html'],
        ['/old?utm=x', 301, '/new.html?utm=x'],
        ['/temp', 302, '/new.html'],
        ['/blog/2024/hello/world', 301, '/posts/2024-hello/world'],
        ['/search?id=42', 301, '/items/42.html'],
        ['/first', 301, '/one.html'],
      ] as const) {
        const r = await request(s.port, target);
        assert.deepEqual([r.status, r.headers.location], [status, location], target);
      }
      assert.equal((await request(s.port, '/search')).status, 404, 'without the parameter the rule does not apply');
    });

    it('a rule without ! never shadows a file; one with ! does; 200 rewrites and proxies; a 404 rule serves its page', async () => {
      assert.match((await request(s.port, '/exists.html')).text, /a file wins/);
      const forced = await request(s.port, '/forced.html');
      assert.equal(forced.status, 200);
      assert.match(forced.text, /<h1>new<\/h1>/);
      const app = await request(s.port, '/app/settings/profile');
      assert.equal(app.status, 200);
      assert.match(app.text, /the app/);
      const proxied = await request(s.port, '/api/users/7?full=1');
      assert.equal(proxied.text, 'api saw /v1/users/7?full=1');
      const gone = await request(s.port, '/gone');
      assert.deepEqual([gone.status, /this one is gone/.test(gone.text)], [404, true]);
    });

    it("_headers: every matching block applies, ! takes a header off, and the file's header wins over the server's own", async () => {
      const page = await request(s.port, '/new.html');
      assert.equal(page.headers['x-frame-options'], 'DENY');
      assert.equal(page.headers['x-robots-tag'], 'noindex');
      const priv = await request(s.port, '/private/page.html');
      assert.equal(priv.headers['x-frame-options'], 'DENY');
      assert.equal(priv.headers['x-robots-tag'], undefined);
      assert.equal(priv.headers['cache-control'], 'no-store, private', "over the file answer's own Cache-Control");
      // Again, as the hot path would answer a repeat: the rules still apply.
      assert.equal((await request(s.port, '/private/page.html')).headers['cache-control'], 'no-store, private');
    });

    it('names an unsupported rule and a malformed line once, with their lines; the access log names the rule that answered', async () => {
      const said = s.diagnostics.map((d) => `${d.level}: ${d.message}`);
      assert.ok(
        said.includes(
          "warning: _redirects:12: not supported here, left out: the condition Country=us needs the host's edge",
        ),
        said.join('\n'),
      );
      assert.ok(
        said.some((m) => /^warning: _redirects:13: .*no destination.*\(left out\)$/.test(m)),
        said.join('\n'),
      );
      assert.equal((await request(s.port, '/geo')).status, 404);
      assert.deepEqual(s.server.hostConfig.files, [
        { file: '_redirects', holds: '7 redirects, 2 rewrites, 1 proxy rule, 1 status rule' },
        { file: '_headers', holds: '2 header rules' },
      ]);
      await request(s.port, '/temp');
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(s.access.find((e) => e.path === '/temp')?.rule, '_redirects:2');
    });

    it('applies a change to _redirects to the next request', async () => {
      fs.appendFileSync(path.join(s.dir, '_redirects'), '\n/brand-new /new.html 302\n');
      const heard = new Promise<void>((resolve) =>
        s.server.on('diagnostic', (d) => /host rules now: _redirects \(8 redirects/.test(d.message) && resolve()),
      );
      await heard;
      const r = await request(s.port, '/brand-new');
      assert.deepEqual([r.status, r.headers.location], [302, '/new.html']);
    });
  });

  it('vercel.json: redirects (308, 307, a status code), rewrites, headers, clean URLs and trailing slashes', async () => {
    const s = await started({
      'vercel.json': JSON.stringify({
        cleanUrls: true,
        trailingSlash: false,
        redirects: [
          { source: '/old/:slug', destination: '/new/:slug' },
          { source: '/temp', destination: '/', permanent: false },
          { source: '/code', destination: '/', statusCode: 301 },
        ],
        rewrites: [{ source: '/blog/:slug', destination: '/post.html' }],
        headers: [{ source: '/(.*)', headers: [{ key: 'X-Vercel', value: 'yes' }] }],
      }),
      'index.html': '<h1>home</h1>',
      'about.html': '<h1>about</h1>',
      'post.html': '<h1>a post</h1>',
      'docs/index.html': '<h1>docs</h1>',
    });
    const check = async (target: string, status: number, location?: string, body?: RegExp) => {
      const r = await request(s.port, target);
      assert.equal(r.status, status, target);
      if (location !== undefined) assert.equal(r.headers.location, location, target);
      if (body) assert.match(r.text, body, target);
      assert.equal(r.headers['x-vercel'], 'yes', target);
    };
    await check('/old/x', 308, '/new/x');
    await check('/temp', 307, '/');
    await check('/code', 301, '/');
    await check('/blog/hello', 200, undefined, /a post/);
    await check('/about', 200, undefined, /about/);
    await check('/about.html', 301, '/about');
    await check('/about/', 308, '/about');
    await check('/docs', 200, undefined, /docs/);
  });

  it("firebase.json: its public folder is served (and said), ignore, redirects, a '**' rewrite after files, headers by glob", async () => {
    const s = await started({
      'firebase.json': JSON.stringify({
        hosting: {
          public: 'public',
          ignore: ['firebase.json', '**/.*', '**/node_modules/**'],
          redirects: [{ source: '/old/**', destination: '/', type: 302 }],
          rewrites: [
            { source: '/api/**', function: 'api' },
            { source: '**', destination: '/index.html' },
          ],
          headers: [{ source: '**/*.@(js|css)', headers: [{ key: 'Cache-Control', value: 'max-age=60' }] }],
        },
      }),
      'public/index.html': '<h1>firebase home</h1>',
      'public/app.js': 'console.log(1)',
      'public/.secret': 'x',
      'src/index.html': 'not served',
    });
    assert.match((await request(s.port, '/')).text, /firebase home/);
    assert.equal(s.server.servedFolder, path.join(s.dir, 'public'), 'what the editor maps files to pages by');
    assert.match((await request(s.port, '/deep/link')).text, /firebase home/, "the '**' rewrite");
    assert.equal((await request(s.port, '/old/page')).status, 302);
    assert.equal((await request(s.port, '/app.js')).headers['cache-control'], 'max-age=60');
    assert.equal((await request(s.port, '/.secret')).status, 404);
    assert.ok(
      s.diagnostics.some(
        (d) =>
          d.message ===
          `firebase.json names ${path.join(s.dir, 'public')} as the folder it deploys: serving that folder`,
      ),
      s.diagnostics.map((d) => d.message).join('\n'),
    );
    assert.ok(
      s.diagnostics.some((d) =>
        /hosting\.rewrites\[0\]: not supported here, left out: a rewrite to a function/.test(d.message),
      ),
    );
  });

  it('serve.json: rewrites, redirects and headers', async () => {
    const s = await started({
      'serve.json': JSON.stringify({
        rewrites: [{ source: '/app/**', destination: '/index.html' }],
        redirects: [{ source: '/from', destination: '/to', type: 302 }],
        headers: [{ source: '**/*.html', headers: [{ key: 'X-Served-By', value: 'serve.json' }] }],
      }),
      'index.html': '<h1>serve home</h1>',
    });
    const app = await request(s.port, '/app/a/b');
    assert.match(app.text, /serve home/);
    assert.deepEqual(
      [(await request(s.port, '/from')).status, (await request(s.port, '/from')).headers.location],
      [302, '/to'],
    );
    assert.equal((await request(s.port, '/index.html')).headers['x-served-by'], 'serve.json');
  });

  it('what you set wins over the file (clean URLs), and --no-host-config reads none of it', async () => {
    const files = {
      'vercel.json': JSON.stringify({ cleanUrls: true, redirects: [{ source: '/a', destination: '/b' }] }),
      'about.html': 'about',
    };
    const explicit = await started(files, { cleanUrls: false });
    assert.equal((await request(explicit.port, '/about')).status, 404, 'cleanUrls: false given');
    assert.equal((await request(explicit.port, '/a')).status, 308, 'the redirect still applies');
    const off = await started(files, { hostConfig: false });
    assert.equal((await request(off.port, '/a')).status, 404);
    assert.deepEqual(off.server.hostConfig.files, []);
  });

  it('a public folder outside the served one, or not built yet, is named and the served folder is served', async () => {
    const outside = await started({ 'serve.json': JSON.stringify({ public: '../elsewhere' }), 'index.html': 'home' });
    assert.equal(outside.server.servedFolder, outside.dir);
    assert.ok(
      outside.diagnostics.some((d) =>
        /serve\.json: names \.\.\/elsewhere as its public folder, which is outside the served folder/.test(d.message),
      ),
    );
    const unbuilt = await started({ 'vercel.json': JSON.stringify({ outputDirectory: 'dist' }), 'index.html': 'home' });
    assert.equal((await request(unbuilt.port, '/')).text, 'home');
    assert.ok(
      unbuilt.diagnostics.some((d) =>
        /names dist as its public folder, which is not there yet \(build it\)/.test(d.message),
      ),
    );
  });

  it('a rewrite loop ends with 508, never a hang', async () => {
    const s = await started({ _redirects: '/a /b 200\n/b /a 200\n' });
    assert.equal((await request(s.port, '/a')).status, 508);
  });
});
