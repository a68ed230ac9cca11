import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { DEFAULT_OPTIONS, OptionsError, resolveOptions } from '../../../src/core';

describe('options', () => {
  const problemsOf = (input: object): string[] => {
    try {
      resolveOptions({ root: '.', ...input });
    } catch (err) {
      assert.ok(err instanceof OptionsError);
      return [...err.problems];
    }
    return [];
  };

  it('fills defaults from one place and resolves paths', () => {
    const o = resolveOptions({ root: 'site' });
    assert.equal(o.root, path.resolve('site'));
    assert.equal(o.host, DEFAULT_OPTIONS.host);
    assert.equal(o.port, 8080);
    assert.deepEqual(o.headers, {});
    assert.equal(resolveOptions({ root: '.', port: undefined }).port, 8080, 'undefined means default');
  });

  it('names the option and the bad value', () => {
    assert.deepEqual(problemsOf({ port: 70000 }), ['port must be a whole number from 0 to 65535, got 70000']);
    assert.match(problemsOf({ port: '80' })[0], /port .* got "80"/);
    assert.match(problemsOf({ keepAliveTimeoutMs: 1.5 })[0], /keepAliveTimeoutMs .* got 1\.5/);
    assert.match(problemsOf({ cors: 'yes' })[0], /cors must be true or false, got "yes"/);
    assert.match(problemsOf({ host: '' })[0], /host must be/);
    assert.match(problemsOf({ root: '' })[0], /root must be a folder path/);
  });

  it('reports every problem at once', () => {
    assert.equal(problemsOf({ port: -1, spa: 1, maxHeaderSize: 10 }).length, 3);
  });

  it('checks headers: names, single-line values, and framing headers the server owns', () => {
    assert.match(problemsOf({ headers: { 'Bad Name': 'x' } })[0], /"Bad Name" is not a valid header name/);
    assert.match(problemsOf({ headers: { 'X-A': 'a\r\nInjected: 1' } })[0], /X-A.*single-line/);
    assert.match(problemsOf({ headers: { 'Content-Length': '5' } })[0], /Content-Length is set by the server/);
    assert.match(problemsOf({ headers: ['X-A: 1'] })[0], /headers must be an object/);
  });

  it('checks allowedHosts, TLS and the redirect port', () => {
    assert.match(problemsOf({ allowedHosts: ['ok.test', 'bad host'] })[0], /allowedHosts: "bad host"/);
    assert.match(problemsOf({ allowedHosts: 'ok.test' })[0], /allowedHosts must be a list/);
    assert.match(problemsOf({ tls: { cert: 'c.pem' } })[0], /tls\.key must be the path/);
    assert.match(problemsOf({ redirectPort: 8081 })[0], /redirectPort \(8081\) needs TLS/);
    assert.match(
      problemsOf({ headersTimeoutMs: 60_000, requestTimeoutMs: 30_000 })[0],
      /headersTimeoutMs \(60000\) must not exceed requestTimeoutMs/,
    );
  });
});
