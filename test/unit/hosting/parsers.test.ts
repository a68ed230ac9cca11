import * as assert from 'node:assert/strict';
import { compilePattern, matchPattern, substitute } from '../../../src/core/hosting';
import { parseJsonConfig } from '../../../src/core/hosting/jsonFiles';
import { parseHeaders, parseRedirects } from '../../../src/core/hosting/netlifyFiles';
import { routeFor } from '../../../src/core/hosting/rules';
import { random as seededRandom } from '../../shared/random';

describe("hosts' files: patterns and parsers", () => {
  it("compiles each host's pattern syntax, with its captures", () => {
    const cases: [string, 'netlify' | 'path-to-regexp' | 'glob', string, Record<string, string> | undefined][] = [
      ['/blog/:year/*', 'netlify', '/blog/2024/a/b', { year: '2024', splat: 'a/b' }],
      ['/blog/:year/*', 'netlify', '/blog/2024', undefined],
      ['/about', 'netlify', '/about/', {}],
      ['/posts/:slug', 'path-to-regexp', '/posts/hello', { slug: 'hello' }],
      ['/docs/:path*', 'path-to-regexp', '/docs/a/b/c', { path: 'a/b/c' }],
      ['/v/:id(\\d+)', 'path-to-regexp', '/v/12', { id: '12' }],
      ['/v/:id(\\d+)', 'path-to-regexp', '/v/ab', undefined],
      ['/old/(.*)', 'path-to-regexp', '/old/x/y', { '1': 'x/y' }],
      ['/**/.*', 'glob', '/.env', { '1': '', '2': 'env' }],
      ['/**/.*', 'glob', '/a/b/.git', { '1': 'a/b/', '2': 'git' }],
      ['/**/*.@(js|css)', 'glob', '/x.js', { '1': '', '2': 'x' }],
      ['/**/*.@(js|css)', 'glob', '/a/x.map', undefined],
      ['/assets/*.{js,css}', 'glob', '/assets/app.css', { '1': 'app' }],
      ['/assets/*.{js,css}', 'glob', '/assets/sub/app.css', undefined],
    ];
    for (const [source, syntax, path, want] of cases)
      assert.deepEqual(matchPattern(compilePattern(source, syntax), path), want, `${syntax} ${source} ~ ${path}`);
    assert.throws(() => compilePattern('no-slash', 'netlify'), /starts with "\/"/);
    assert.throws(() => compilePattern('/a/:x/:x', 'netlify'), /appears twice/);
    assert.equal(substitute('/to/:year/:splat?q=$1', { year: '2024', splat: 'a/b', '1': 'z' }), '/to/2024/a/b?q=z');
    assert.equal(substitute('https://api.example:8443/:x', { x: 'v' }), 'https://api.example:8443/v');
  });

  it('a pattern matches what its regular expression does, for seeded random paths (print the seed on failure)', () => {
    const seed = Number(process.env.FERROX_SEED ?? Date.now() % 100000);
    const random = seededRandom(seed);
    const pattern = compilePattern('/a/:b/*', 'netlify');
    for (let i = 0; i < 2000; i++) {
      const parts = Array.from(
        { length: 1 + Math.floor(random() * 4) },
        () => ['a', 'b', 'x y', 'é', '', '..', ':b', '*', '%2F'][Math.floor(random() * 9)],
      );
      const path = '/' + parts.join('/');
      const m = matchPattern(pattern, path);
      const expected = /^\/a\/([^/]+)\/(.*)$/.exec(path);
      assert.equal(m !== undefined, expected !== null, `seed ${seed}: ${path}`);
      if (m && expected) assert.deepEqual([m.b, m.splat], [expected[1], expected[2]], `seed ${seed}: ${path}`);
    }
  });

  it('_redirects: statuses, force, query matches, proxies; an error and an unsupported rule name their line, the rest applies', () => {
    const { rules, problems } = parseRedirects(
      [
        '# comment',
        '/old /new 301',
        '/temp /new 302',
        '/see /new 303',
        '/keep-method /new 307',
        '/perm /new 308',
        '/spa/* /spa/index.html 200',
        '/forced /other 200!',
        '/api/* https://api.example.test/:splat 200',
        '/gone /404.html 404',
        '/store id=:id /products/:id 301',
        '/default /new',
        '/country /us 302 Country=us',
        'https://old.example/* https://new.example/:splat 301!',
        '/bad',
        '/bad-status /x 999',
      ].join('\n'),
    );
    assert.deepEqual(
      rules.map((r) => [r.label, r.status, r.phase]),
      [
        ['_redirects:2', 301, 'after'],
        ['_redirects:3', 302, 'after'],
        ['_redirects:4', 303, 'after'],
        ['_redirects:5', 307, 'after'],
        ['_redirects:6', 308, 'after'],
        ['_redirects:7', 200, 'after'],
        ['_redirects:8', 200, 'before'],
        ['_redirects:9', 200, 'after'],
        ['_redirects:10', 404, 'after'],
        ['_redirects:11', 301, 'after'],
        ['_redirects:12', 301, 'after'],
      ],
    );
    assert.deepEqual(
      problems.map((p) => [p.kind, p.where]),
      [
        ['unsupported', '_redirects:13'],
        ['unsupported', '_redirects:14'],
        ['error', '_redirects:15'],
        ['error', '_redirects:16'],
      ],
    );
    assert.deepEqual(routeFor(rules, 'after', '/store', '?id=7&x=1'), {
      kind: 'redirect',
      status: 301,
      location: '/products/7',
      label: '_redirects:11',
    });
    assert.equal(routeFor(rules, 'after', '/store', ''), undefined, 'the parameter must be there');
    assert.deepEqual(routeFor(rules, 'after', '/api/users/1', '?a=b'), {
      kind: 'proxy',
      url: 'https://api.example.test/users/1?a=b',
      label: '_redirects:9',
    });
    assert.deepEqual(routeFor(rules, 'after', '/old', '?utm=1'), {
      kind: 'redirect',
      status: 301,
      location: '/new?utm=1',
      label: '_redirects:2',
    });
  });

  it("_headers: blocks per pattern, several headers, Cloudflare's detach; errors by line", () => {
    const { rules, problems } = parseHeaders(
      [
        '/*',
        '  X-Frame-Options: DENY',
        "  Content-Security-Policy: default-src 'self'",
        '/secure/:page',
        '  ! X-Frame-Options',
        '  Cache-Control: no-store',
        '  not a header',
        'https://example.com/*',
        '  X-Other: 1',
      ].join('\n'),
    );
    assert.deepEqual(
      rules.map((r) => [r.label, r.set, r.detach]),
      [
        [
          '_headers:1',
          [
            ['X-Frame-Options', 'DENY'],
            ['Content-Security-Policy', "default-src 'self'"],
          ],
          [],
        ],
        ['_headers:4', [['Cache-Control', 'no-store']], ['X-Frame-Options']],
      ],
    );
    assert.deepEqual(
      problems.map((p) => [p.kind, p.where]),
      [
        ['error', '_headers:7'],
        ['unsupported', '_headers:8'],
      ],
    );
    assert.deepEqual(parseHeaders('  X: 1\n').problems[0].message, '"X: 1" is indented under no path');
  });

  it('serve.json, vercel.json, firebase.json: the static parts, and what needs the host named', () => {
    const vercel = parseJsonConfig(
      'vercel.json',
      JSON.stringify({
        cleanUrls: true,
        trailingSlash: false,
        redirects: [
          { source: '/a', destination: '/b' },
          { source: '/c', destination: '/d', permanent: false },
          { source: '/e', destination: '/f', statusCode: 301 },
          { source: '/g', destination: '/h', has: [{ type: 'cookie', key: 'x' }] },
        ],
        rewrites: [{ source: '/blog/:slug', destination: '/post.html' }],
        headers: [{ source: '/(.*)', headers: [{ key: 'X-Test', value: 'v' }] }],
        routes: [],
        functions: {},
      }),
    );
    assert.deepEqual(
      vercel.routes.map((r) => r.status),
      [308, 307, 301, 200],
    );
    assert.equal(vercel.cleanUrls, true);
    assert.equal(vercel.trailingSlash, false);
    assert.deepEqual(
      vercel.problems.map((p) => [p.kind, p.where]),
      [
        ['unsupported', 'vercel.json redirects[3]'],
        ['unsupported', 'vercel.json routes'],
        ['unsupported', 'vercel.json functions'],
      ],
    );
    const firebase = parseJsonConfig(
      'firebase.json',
      JSON.stringify({
        hosting: {
          public: 'public',
          ignore: ['firebase.json', '**/.*'],
          redirects: [{ source: '/old/**', destination: '/new', type: 302 }],
          rewrites: [
            { source: '**', destination: '/index.html' },
            { source: '/api/**', function: 'api' },
            { regex: '^/x/(\\d+)$', destination: '/x.html' },
          ],
          headers: [{ source: '**/*.@(js|css)', headers: [{ key: 'Cache-Control', value: 'max-age=60' }] }],
        },
      }),
    );
    assert.equal(firebase.publicDir, 'public');
    assert.deepEqual(
      firebase.routes.map((r) => [r.status, r.phase]),
      [
        [404, 'before'],
        [404, 'before'],
        [302, 'before'],
        [200, 'after'],
        [200, 'after'],
      ],
    );
    assert.deepEqual(
      firebase.problems.map((p) => p.where),
      ['firebase.json hosting.rewrites[1]'],
    );
    const broken = parseJsonConfig('serve.json', '{ "rewrites": [ }');
    assert.equal(broken.problems[0].kind, 'error');
    assert.match(broken.problems[0].message, /not valid JSON/);
  });
});
