import * as assert from 'node:assert/strict';
import { formatAccessLog } from '../../../src/core';

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
    assert.equal(formatAccessLog(entry),
      '127.0.0.1 - - [24/Nov/2026:03:04:05 +0000] "GET /a b?x=\\"1\\" HTTP/1.1" 200 1234 "-" "curl/8\\x0aforged line" 1.2ms');
  });

  it('writes Common Log Format on request, and "-" for no body', () => {
    assert.equal(formatAccessLog({ ...entry, bytes: 0, status: 304 }, false),
      '127.0.0.1 - - [24/Nov/2026:03:04:05 +0000] "GET /a b?x=\\"1\\" HTTP/1.1" 304 - 1.2ms');
  });
});
