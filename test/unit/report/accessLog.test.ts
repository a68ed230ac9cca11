import * as assert from 'node:assert/strict';
import { formatAccessLog, formatDevLog, isOwnRequest } from '../../../src/core';
import { accessLogger, painter } from '../../../src/cli/output';

describe('access log format', () => {
  const entry = {
    time: new Date(Date.UTC(2026, 10, 24, 3, 4, 5)),
    remoteAddress: '127.0.0.1',
    method: 'GET',
    path: '/a b?x="1"',
    httpVersion: '1.1',
    status: 200,
    bytes: 1234,
    durationMs: 1.234,
    userAgent: 'curl/8\nforged line',
    referer: undefined,
  };

  it('writes Combined Log Format with the duration', () => {
    assert.equal(
      formatAccessLog(entry),
      '127.0.0.1 - - [24/Nov/2026:03:04:05 +0000] "GET /a b?x=\\"1\\" HTTP/1.1" 200 1234 "-" "curl/8\\x0aforged line" 1.2ms',
    );
  });

  it('writes Common Log Format on request, and "-" for no body', () => {
    assert.equal(
      formatAccessLog({ ...entry, bytes: 0, status: 304 }, false),
      '127.0.0.1 - - [24/Nov/2026:03:04:05 +0000] "GET /a b?x=\\"1\\" HTTP/1.1" 304 - 1.2ms',
    );
  });

  it('writes the short dev format: method, path, status, size and time, on one line', () => {
    assert.equal(formatDevLog(entry), 'GET /a b?x="1" 200 1.2 KB 1.2 ms');
    assert.equal(formatDevLog({ ...entry, bytes: 0, status: 304, durationMs: 42.4 }), 'GET /a b?x="1" 304 - 42 ms');
    assert.equal(formatDevLog({ ...entry, bytes: 3 * 1024 * 1024 }), 'GET /a b?x="1" 200 3.0 MB 1.2 ms');
    assert.equal(
      formatDevLog({ ...entry, path: '/x\nforged' }),
      'GET /x\\x0aforged 200 1.2 KB 1.2 ms',
      'a line stays one line',
    );
  });

  it("the dev format leaves out Ferrox's own requests (behind a proxy's prefix too); combined keeps them; it names a host's rule", () => {
    for (const path of ['/__ferrox/events?page=%2F', '/__ferrox/live.js', '/proxy/8080/__ferrox/console'])
      assert.equal(isOwnRequest({ ...entry, path }), true, path);
    for (const path of ['/', '/app/__ferrox.html', '/x?next=/__ferrox/events'])
      assert.equal(isOwnRequest({ ...entry, path }), false, path);
    const own = { ...entry, path: '/__ferrox/events' };
    assert.equal(accessLogger('dev', painter(false))(own), undefined);
    assert.match(String(accessLogger('combined', painter(false))(own)), /GET \/__ferrox\/events/);
    assert.equal(
      formatDevLog({ ...entry, path: '/old', status: 301, rule: '_redirects:2' }),
      'GET /old 301 1.2 KB 1.2 ms (_redirects:2)',
    );
  });

  it('shortens long queries, shows a redacted token as it is, marks proxied lines, and colours only through the painter', () => {
    const long = { ...entry, path: '/search?q=a-very-long-query-string-that-goes-on&page=2' };
    assert.equal(formatDevLog(long), 'GET /search?q=a-very-long-query-stri… 200 1.2 KB 1.2 ms');
    assert.equal(formatDevLog({ ...entry, path: '/?token=REDACTED' }), 'GET /?token=REDACTED 200 1.2 KB 1.2 ms');
    assert.equal(
      formatDevLog({ ...entry, path: '/api/u', upstream: { target: 'http://127.0.0.1:3000/v1/u', ms: 0.8 } }),
      'GET /api/u 200 1.2 KB 1.2 ms -> http://127.0.0.1:3000/v1/u 0.8 ms',
    );
    assert.equal(
      formatDevLog({ ...entry, status: 404 }, (status, text) => `<${status}>${text}</>`),
      'GET /a b?x="1" <404>404</> 1.2 KB 1.2 ms',
    );
  });
});
