import * as assert from 'node:assert/strict';
import { OptionsError, resolveOptions } from '../../../src/core';
import { parseProxyRules, routeToProxy } from '../../../src/core/proxy';

describe('proxy rules: parsing and matching', () => {
  const rules = parseProxyRules(
    {
      '/api': 'http://h:3000/v1',
      '/api/admin/': 'http://admin:4000',
      '/': { target: 'https://site.test', secure: false },
    },
    [],
  );

  it('orders rules longest prefix first and reads the object form', () => {
    assert.deepEqual(
      rules.map((r) => r.prefix),
      ['/api/admin', '/api', ''],
    );
    assert.equal(rules[2].secure, false);
    assert.equal(rules[1].timeoutMs, 30_000);
    assert.equal(rules[1].changeOrigin, true);
  });

  it('matches whole segments and joins the target path, keeping the query', () => {
    const route = (t: string) => {
      const r = routeToProxy(rules, t);
      return r && ('refused' in r ? 'refused' : `${r.rule.target.origin}${r.upstreamPath}`);
    };
    assert.equal(route('/api/users?x=1&y'), 'http://h:3000/v1/users?x=1&y');
    assert.equal(route('/api'), 'http://h:3000/v1');
    assert.equal(route('/api/'), 'http://h:3000/v1/');
    assert.equal(route('/api/admin/x'), 'http://admin:4000/x');
    assert.equal(route('/apix'), 'https://site.test/apix', '/apix falls to the root rule, not /api');
    assert.equal(route('/%61pi/users'), 'http://h:3000/v1/users', 'matched on the decoded path');
    assert.equal(route('/api/a%20b'), 'http://h:3000/v1/a%20b', 'the rest is forwarded as sent');
    assert.equal(routeToProxy(rules, '/api/%E0%A4'), undefined, 'never one that cannot be decoded');
    assert.equal(routeToProxy(parseProxyRules({ '/api': 'http://h' }, []), '/other'), undefined);
  });

  it('refuses what a backend could resolve outside its base, and merges runs of slashes', () => {
    const route = (t: string) => {
      const r = routeToProxy(rules, t);
      return r && ('refused' in r ? 'refused' : `${r.rule.target.origin}${r.upstreamPath}`);
    };
    for (const climbing of [
      '/api/../etc',
      '/api/..\\admin',
      '/api/..;/admin',
      '/api/..%5cadmin',
      '/api/%2e%2e/admin',
      '/api/.%2E;x/admin',
      '/api/./x',
      '/api/a%2F..%2Fb',
      '/api/x%00y',
      '/api/a\\b',
    ]) {
      assert.equal(route(climbing), 'refused', climbing);
    }
    assert.equal(route('/api//evil.test/x'), 'http://h:3000/v1/evil.test/x', 'never a protocol-relative path');
    assert.equal(route('/api///a//b/'), 'http://h:3000/v1/a/b/');
    assert.equal(
      route('/api/..x/a.b/...'),
      'http://h:3000/v1/..x/a.b/...',
      'names that only start with dots are names',
    );
  });

  it('names every bad entry in one error', () => {
    const bad = {
      api: 'http://h',
      '/x': 'ftp://h',
      '/y': 'not a url',
      '/z': { target: 'http://h', timeout: -1, ws: 'yes' },
      '/w': { target: 'http://h', colour: 1 },
      '/__ferrox/x': 'http://h',
      '/q': 'http://user:pw@h/',
      '/n': 42,
    };
    assert.throws(
      () => resolveOptions({ root: '.', proxy: bad as never }),
      (err: OptionsError) => {
        const text = err.message;
        for (const expected of [
          '"api" must start with "/"',
          '"/x" must be http:// or https://',
          '"/y" is not a URL',
          '"/z".timeout',
          '"/z".ws must be true or false',
          '"/w" has an unknown option "colour"',
          '"/__ferrox/x" is reserved',
          'no credentials',
          '"/n" must be a target URL',
        ]) {
          assert.ok(text.includes(expected), `${expected} in: ${text}`);
        }
        return true;
      },
    );
    assert.throws(
      () => resolveOptions({ root: '.', proxy: ['/api'] as never }),
      /proxy must be an object from path prefix to target URL/,
    );
  });
});
