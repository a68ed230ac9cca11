import * as assert from 'node:assert/strict';
import { decidePageUpdate, fixedParts, textOnlyEdit } from '../../../src/core/live/changes/pageRule';
import { random } from '../../shared/random';

const SEED = Number(process.env.FERROX_FUZZ_SEED ?? 20261206);
const COUNT = Number(process.env.FERROX_FUZZ_COUNT ?? 3000);

/** Pages with every place a text edit could be code or markup: scripts, handlers, URLs, templates, comments, raw text. */
const PAGES = [
  '<!doctype html><html><head><title>t</title><style>p{color:red}</style><script>let a = 1; // x</script></head><body><h1 id="h" onclick="go(1)">Hello world</h1>' +
    '<p class="a">some text here</p><a href="javascript:void 0">link</a><template><p>tpl text</p></template><!-- a comment --><textarea>raw text</textarea>' +
    '<noscript><p>no script</p></noscript><svg><script>x = 2</script><text>svg text</text></svg><script type="module">import "./m.js";</script><p>tail text</p></body></html>',
  '<p>plain <b>bold</b> text</p><script src="app.js"></script><div data-x="value">div text</div>',
];
/** What an edit inserts: plain words, and every character that could turn text into markup or code. */
const PIECES = [
  'a',
  'word ',
  ' ',
  '1',
  '<',
  '>',
  '&',
  '"',
  "'",
  '=',
  '/',
  'script',
  '</script>',
  '<b>',
  '-->',
  '<!--',
  'amp;',
  '\n',
];

describe(`the fast path of the page rule agrees with the parser, for all text edits (seed ${SEED})`, () => {
  it(`${COUNT} seeded random insertions and deletions: the same decision and the same fixed parts as a full parse`, () => {
    const next = random(SEED);
    let fast = 0;
    for (let i = 0; i < COUNT; i++) {
      const before = PAGES[Math.floor(next() * PAGES.length)];
      const at = Math.floor(next() * before.length);
      const after =
        next() < 0.7
          ? before.slice(0, at) +
            Array.from({ length: 1 + Math.floor(next() * 3) }, () => PIECES[Math.floor(next() * PIECES.length)]).join(
              '',
            ) +
            before.slice(at)
          : before.slice(0, at) + before.slice(Math.min(before.length, at + 1 + Math.floor(next() * 4)));
      const withParts = decidePageUpdate(before, after, fixedParts(before));
      const parsed = decidePageUpdate(before, after);
      assert.equal(
        withParts.update.kind,
        parsed.update.kind,
        `seed ${SEED}, case ${i}: ${JSON.stringify(after.slice(Math.max(0, at - 20), at + 20))}`,
      );
      if (withParts.parts)
        assert.deepEqual(
          withParts.parts,
          fixedParts(after),
          `seed ${SEED}, case ${i}: the parts kept for the next change`,
        );
      if (textOnlyEdit(before, after)) fast++;
    }
    assert.ok(fast > COUNT / 20, `the fast path was taken ${fast} times: it must be tested, not skipped`);
  });
});
