import * as assert from 'node:assert/strict';
import { isInside } from '../../../src/core/files/fileLookup';

describe('containment helpers', () => {
  it('uses path.relative, so a sibling with the same prefix is outside', () => {
    assert.equal(isInside('/srv/site', '/srv/site'), true);
    assert.equal(isInside('/srv/site', '/srv/site/a/b'), true);
    assert.equal(isInside('/srv/site', '/srv/site2/a'), false);
    assert.equal(isInside('/srv/site', '/srv/site-secret'), false);
    assert.equal(isInside('/srv/site', '/srv'), false);
    assert.equal(isInside('/srv/site', '/srv/site/..foo'), true, 'a name starting with .. is still inside');
  });
});
