import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { BrowserMessage } from '../../../src/core';
import { problemPlace } from '../../../src/extension/output/problemPlace';

const error = (m: Partial<BrowserMessage>): BrowserMessage => ({
  level: 'error',
  page: '/',
  message: 'Uncaught Error: x',
  ...m,
});

describe("where a page's error goes in the Problems panel (the workspace rule)", () => {
  it('the original, by its map, when it lies in the workspace or the served folder (Windows paths)', () => {
    const w = path.win32;
    const roots = ['C:\\work\\app', 'D:\\served'];
    const served = { file: 'C:\\work\\app\\dist\\app.js', line: 10, column: 5 };
    assert.deepEqual(
      problemPlace(
        error({ ...served, original: { source: '../src/a.ts', file: 'C:\\work\\app\\src\\a.ts', line: 3, column: 7 } }),
        roots,
        w,
      ),
      { file: 'C:\\work\\app\\src\\a.ts', line: 2, column: 6 },
    );
    for (const outside of [
      'C:\\Windows\\win.ini',
      'C:\\work\\app2\\a.ts',
      '\\\\host\\share\\a.ts',
      '//host/share/a.ts',
      'E:\\a.ts',
    ]) {
      assert.deepEqual(
        problemPlace(error({ ...served, original: { source: 's', file: outside, line: 3, column: 7 } }), roots, w),
        { file: served.file, line: 9, column: 4 },
        `${outside}: the served file instead`,
      );
    }
  });

  it('nothing without a file, and never a network path even as the served file (POSIX)', () => {
    const p = path.posix;
    assert.equal(problemPlace(error({ source: 'http://127.0.0.1/app.js' }), ['/w'], p), undefined);
    assert.equal(problemPlace(error({ file: '//host/share/app.js' }), ['/w'], p), undefined);
    assert.deepEqual(problemPlace(error({ file: '/w/app.js' }), ['/w'], p), { file: '/w/app.js', line: 0, column: 0 });
  });
});
