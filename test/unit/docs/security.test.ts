import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../..');

describe('SECURITY.md', () => {
  it('names, beside each promise, tests that exist', () => {
    const text = fs.readFileSync(path.join(ROOT, 'SECURITY.md'), 'utf8');
    const promises = text
      .split('## What Ferrox does not promise')[0]
      .split(/\n\*\*/)
      .slice(1);
    assert.ok(promises.length >= 10, `${promises.length} promises`);
    for (const promise of promises) {
      const named = [...promise.matchAll(/`((?:unit|browser|integration)\/[\w/.-]+\.test\.ts)`/g)].map((m) => m[1]);
      assert.ok(named.length > 0, `no test named for: ${promise.slice(0, 60)}`);
      for (const file of named)
        assert.ok(fs.existsSync(path.join(ROOT, 'test', file)), `SECURITY.md names test/${file}, which is not there`);
    }
  });
});
