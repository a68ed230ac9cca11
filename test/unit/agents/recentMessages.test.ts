import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { KEPT_MESSAGES, RecentMessages } from '../../../src/core/agents/recentMessages';

describe("agents' tools: a server's pages' recent console messages", () => {
  const root = path.resolve('/site');

  it('keeps the newest, bounded, with the workspace file (the original by its source map) and line', () => {
    const r = new RecentMessages();
    for (let i = 0; i < KEPT_MESSAGES + 30; i++)
      r.add({ level: 'error', page: '/', message: `error ${i}`, source: 'http://x/a.js', line: i + 1 }, root);
    const all = r.list({ limit: 1000 });
    assert.equal(all.length, KEPT_MESSAGES);
    assert.equal(all[0].message, `error ${KEPT_MESSAGES + 29}`, 'the newest first');
    assert.equal(r.list().length, 50, 'fifty unless asked');

    r.add(
      {
        level: 'error',
        page: '/app/',
        device: 'phone',
        message: 'TypeError: x is undefined',
        source: 'http://x/app/bundle.js',
        line: 1,
        column: 900,
        file: path.join(root, 'app', 'bundle.js'),
        original: { source: '../src/app.ts', file: path.join(root, 'src', 'app.ts'), line: 12, column: 5 },
      },
      root,
    );
    const [only, ...others] = r.list({ page: '/app/' });
    assert.equal(others.length, 0);
    assert.match(only.time, /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(
      { ...only, time: undefined },
      {
        time: undefined,
        page: '/app/',
        device: 'phone',
        level: 'error',
        message: 'TypeError: x is undefined',
        file: 'src/app.ts',
        line: 12,
        column: 5,
      },
    );
  });

  it('errors and warnings unless every level is asked for; a source outside the folder by its map name', () => {
    const r = new RecentMessages();
    r.add({ level: 'log', page: '/', message: 'hello' }, root);
    r.add({ level: 'warn', page: '/', message: 'careful', file: path.resolve('/elsewhere/x.js'), line: 2 }, root);
    r.add(
      {
        level: 'error',
        page: '/',
        message: 'boom',
        source: 'http://x/b.js',
        line: 1,
        original: { source: 'webpack://b.ts', line: 3, column: 1 },
      },
      root,
    );
    assert.deepEqual(
      r.list().map((m) => m.message),
      ['boom', 'careful'],
    );
    assert.equal(r.list({ all: true }).length, 3);
    assert.equal(r.list()[0].source, 'webpack://b.ts', 'not on disk: named as the map names it');
    assert.equal(r.list()[0].file, undefined);
    assert.equal(r.list()[1].file, path.resolve('/elsewhere/x.js'), 'outside the folder: whole');
  });
});
