import * as assert from 'node:assert/strict';
import { decidePageUpdate } from '../../../src/core/live/changes/pageRule';

const page = (head: string, body: string) => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
const kind = (a: string, b: string) => decidePageUpdate(a, b).update.kind;

describe('live reload: the reload-versus-morph rule', () => {
  const base = page(
    '<title>t</title><meta name="description" content="d"><style>p{color:red}</style><link rel="stylesheet" href="s.css">',
    '<h1 id="h">Hello</h1><p class="a">text</p><input value="x"><details><summary>s</summary>x</details><script src="app.js"></script>',
  );

  it('morphs text, attributes, elements, <title>, <meta> and <style> changes', () => {
    for (const [from, to] of [
      ['Hello', 'Bye'],
      ['class="a"', 'class="b"'],
      ['<p class="a">text</p>', '<p class="a">text</p><ul><li>new</li></ul>'],
      ['<title>t</title>', '<title>u</title>'],
      ['content="d"', 'content="e"'],
      ['color:red', 'color:blue'],
      ['s.css', 't.css'],
      ['<input value="x">', '<input value="y" checked>'],
      ['<details>', '<details open>'],
    ]) {
      assert.equal(kind(base, base.replace(from, to)), 'morph', `${from} -> ${to}`);
    }
  });

  it('reloads when a <script> changes anywhere: its text, its attributes, a new one or a removed one', () => {
    const inline = page('<script>let a = 1;</script>', '<p>x</p>');
    const cases: [string, string][] = [
      [inline, inline.replace('a = 1', 'a = 2')],
      [base, base.replace('app.js', 'app2.js')],
      [base, base.replace('<script src="app.js">', '<script type="module" src="app.js">')],
      [base, base.replace('</body>', '<script>1</script></body>')],
      [base, base.replace('<script src="app.js"></script>', '')],
      [base, base.replace('<p class="a">', '<svg><script>alert(1)</script></svg><p class="a">')],
      [base, base.replace('</head>', '<script type="importmap">{}</script></head>')],
    ];
    for (const [a, b] of cases) {
      const d = decidePageUpdate(a, b).update;
      assert.deepEqual(d, { kind: 'reload', reason: 'a <script> changed' }, b);
    }
  });

  it('reloads for inline event handlers and javascript: URLs, including in SVG', () => {
    const withHandler = base.replace('<h1 id="h">', '<h1 id="h" onclick="go(1)">');
    assert.equal(kind(base, withHandler), 'reload', 'added');
    assert.equal(kind(withHandler, withHandler.replace('go(1)', 'go(2)')), 'reload', 'changed');
    assert.equal(kind(withHandler, base), 'reload', 'removed');
    assert.equal(kind(base, base.replace('<p class="a">', '<a href="javascript:go()">x</a><p class="a">')), 'reload');
    assert.equal(kind(base, base.replace('<p class="a">', '<svg onload="x()"></svg><p class="a">')), 'reload');
    assert.match((decidePageUpdate(base, withHandler).update as { reason: string }).reason, /event handler/);
  });

  it('reloads for <base>, <meta charset>, <meta http-equiv> and <template> changes', () => {
    assert.equal(kind(base, base.replace('<title>', '<base href="/x/"><title>')), 'reload');
    assert.equal(kind(base, base.replace('<title>', '<meta charset="utf-8"><title>')), 'reload');
    assert.equal(kind(base, base.replace('<title>', '<meta http-equiv="refresh" content="5"><title>')), 'reload');
    const tpl = base.replace('<p class="a">', '<template id="t"><li>one</li></template><p class="a">');
    assert.equal(kind(base, tpl), 'reload');
    assert.equal(kind(tpl, tpl.replace('<li>one', '<li>two')), 'reload', 'template contents live outside the DOM tree');
  });

  it('keeps the same decision whatever the whitespace and unrelated edits around scripts', () => {
    const spaced = base.replace('<script src="app.js"></script>', '\n  <script src="app.js"></script>\n');
    assert.equal(kind(base, spaced), 'morph');
    assert.equal(kind('', '<p>new</p>'), 'morph', 'an empty page that gains content');
  });

  it('waits when a page turns empty: most likely a save caught half-way', () => {
    assert.equal(kind(base, ''), 'wait');
    assert.equal(kind(base, '  \n'), 'wait');
  });
});
