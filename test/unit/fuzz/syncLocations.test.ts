import * as assert from 'node:assert/strict';
import { isSyncEvent } from '../../../src/core/live/relays/syncRelay';
import { random } from '../../shared/random';

const SEED = Number(process.env.FERROX_FUZZ_SEED ?? 20261206);
const COUNT = Number(process.env.FERROX_FUZZ_COUNT ?? 20000);

/** What a hostile page puts in a location: separators in every disguise, whitespace and controls browsers drop, schemes, hosts. */
const PIECES = [
  '/',
  '//',
  '\\',
  '/\\',
  '\\/',
  '\t',
  '\n',
  '\r',
  ' ',
  '\u000b',
  '\u0000',
  '\u001f',
  '\u007f',
  '\u009b',
  '\u00a0',
  '\u2028',
  '\u3000',
  '%2f',
  '%5c',
  '%09',
  '.',
  '..',
  'evil.example',
  '@',
  ':',
  'http:',
  'https:',
  'javascript:',
  '?',
  '#',
  'a',
  'b.html',
  '%',
  '%zz',
  '\u2215',
  '\uff0f',
];

describe('a sync location, for all inputs (seed ' + SEED + ')', () => {
  it(`is accepted only when every browser reads it on the page's own origin: ${COUNT} seeded random locations`, () => {
    const next = random(SEED);
    let accepted = 0;
    for (let i = 0; i < COUNT; i++) {
      const n = 1 + Math.floor(next() * 6);
      const url =
        (next() < 0.5 ? '/' : '') +
        Array.from({ length: n }, () => PIECES[Math.floor(next() * PIECES.length)]).join('');
      if (!isSyncEvent({ kind: 'location', url })) continue;
      accepted++;
      // The WHATWG URL parser, as browsers run it, against two origins and a page deep in each.
      for (const base of ['http://127.0.0.1:8080/deep/page.html', 'https://site.test/']) {
        const origin = new URL(base).origin;
        assert.equal(
          new URL(url, base).origin,
          origin,
          `seed ${SEED}, case ${i}: ${JSON.stringify(url)} leaves ${origin}`,
        );
      }
      // eslint-disable-next-line no-control-regex -- control characters are what must not pass
      assert.doesNotMatch(url, /[\\\s\u0000-\u001f\u007f-\u009f]/, `seed ${SEED}, case ${i}: ${JSON.stringify(url)}`);
    }
    assert.ok(accepted > COUNT / 100, `some locations pass (${accepted}): the rule is not "refuse everything"`);
  });

  it('refuses the ways the old check let through, and keeps ordinary paths', () => {
    for (const url of [
      '/\\evil.example/x',
      '/\t/evil.example/',
      '/\n/evil.example',
      '//evil.example',
      '/\\\\evil',
      'http://evil.example/',
      '/a\u0000',
    ]) {
      assert.equal(isSyncEvent({ kind: 'location', url }), false, JSON.stringify(url));
    }
    for (const url of ['/', '/b.html', '/docs/a%20b.html?x=1#top', '/%2F%2Fnot-a-host', '/a//b']) {
      assert.equal(isSyncEvent({ kind: 'location', url }), true, JSON.stringify(url));
    }
  });
});
