import * as assert from 'node:assert/strict';
import { parseTarget } from '../../../src/core/http/requestPath';

describe('request targets', () => {
  it('parses targets: decode once, reject NUL, .., backslashes', () => {
    assert.deepEqual(parseTarget('/a%20b/c?q=1'), {
      ok: true,
      segments: ['a b', 'c'],
      trailingSlash: false,
      query: '?q=1',
    });
    assert.equal((parseTarget('/a/%2e%2e/b') as { status: number }).status, 403);
    assert.equal((parseTarget('/a%00') as { status: number }).status, 400);
    assert.equal((parseTarget('/a%5cb') as { status: number }).status, 400);
    assert.equal((parseTarget('*') as { status: number }).status, 400);
    assert.deepEqual(parseTarget('/%252e'), { ok: true, segments: ['%2e'], trailingSlash: false, query: '' });
  });
});
