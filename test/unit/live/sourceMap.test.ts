import * as assert from 'node:assert/strict';
import { elementPathAt, isElementPath, startTagOf } from '../../../src/core/live/relays/sourceMap';

/** The offset just inside the first occurrence of `marker` in `html`. */
const at = (html: string, marker: string) => {
  const i = html.indexOf(marker);
  assert.ok(i >= 0, marker);
  return i + 1;
};

describe('live reload: page <-> source mapping', () => {
  const page = `<!doctype html>
<html>
<head>
  <title>T</title>
  <!-- a comment <p> that is not an element -->
</head>
<body>
  <h1 id="top">Top</h1>
  <p>one <b>bold</b> <br> after the void</p>
  <table>
    <tr><td>cell A</td><td>cell B</td></tr>
  </table>
  <template id="t"><li>inside a template</li></template>
  <p>last
</body>
</html>`;

  it('addresses elements by element index and tag, from <html> down', () => {
    assert.deepEqual(elementPathAt(page, at(page, '<title>')), [
      [0, 'head'],
      [0, 'title'],
    ]);
    assert.deepEqual(elementPathAt(page, at(page, 'bold')), [
      [1, 'body'],
      [1, 'p'],
      [0, 'b'],
    ]);
    assert.deepEqual(elementPathAt(page, at(page, 'Top')), [
      [1, 'body'],
      [0, 'h1'],
    ]);
  });

  it('is not thrown off by comments, void elements or whitespace', () => {
    assert.deepEqual(elementPathAt(page, at(page, 'after the void')), [
      [1, 'body'],
      [1, 'p'],
    ]);
    assert.deepEqual(elementPathAt(page, at(page, '<br>')), [
      [1, 'body'],
      [1, 'p'],
      [1, 'br'],
    ]);
    assert.deepEqual(elementPathAt(page, at(page, 'a comment')), [[0, 'head']]);
    const spaced = page.replace('<h1 id="top">', '\n\n   <!-- new -->  <h1 id="top">');
    assert.deepEqual(
      elementPathAt(spaced, at(spaced, 'bold')),
      elementPathAt(page, at(page, 'bold')),
      'whitespace and comments do not move paths',
    );
  });

  it('finds cells through the <tbody> the parser implies, as browsers do', () => {
    assert.deepEqual(elementPathAt(page, at(page, 'cell B')), [
      [1, 'body'],
      [2, 'table'],
      [0, 'tbody'],
      [0, 'tr'],
      [1, 'td'],
    ]);
  });

  it('stops at a <template>: its contents are not in the DOM tree', () => {
    assert.deepEqual(elementPathAt(page, at(page, 'inside a template')), [
      [1, 'body'],
      [3, 'template'],
    ]);
  });

  it('covers an element without an end tag up to its last child', () => {
    assert.deepEqual(elementPathAt(page, at(page, 'last')), [
      [1, 'body'],
      [4, 'p'],
    ]);
  });

  it("goes back from a path to the element's start tag", () => {
    for (const marker of ['<title>', '<b>', '<br>', '<td>cell B', '<h1 id="top">', '<template id="t">', '<p>last']) {
      const path = elementPathAt(page, at(page, marker))!;
      const tag = startTagOf(page, path)!;
      assert.equal(tag.start, page.indexOf(marker.startsWith('<td>cell B') ? '<td>cell B' : marker), marker);
      assert.equal(page[tag.end - 1], '>');
    }
    const tbody = startTagOf(page, [
      [1, 'body'],
      [2, 'table'],
      [0, 'tbody'],
    ])!;
    assert.equal(tbody.start, page.indexOf('<tr>'), 'an implied element starts where its first child does');
  });

  it('refuses paths whose tags do not match the source, and malformed paths', () => {
    assert.equal(
      startTagOf(page, [
        [1, 'body'],
        [0, 'h2'],
      ]),
      undefined,
    );
    assert.equal(
      startTagOf(page, [
        [1, 'body'],
        [9, 'p'],
      ]),
      undefined,
    );
    assert.equal(
      isElementPath([
        [1, 'body'],
        [0, 'h1'],
      ]),
      true,
    );
    for (const bad of [
      'x',
      [[1]],
      [[-1, 'p']],
      [[1.5, 'p']],
      [[0, '<script>']],
      [[0, 'p', 1]],
      new Array(300).fill([0, 'div']),
    ]) {
      assert.equal(isElementPath(bad), false, JSON.stringify(bad).slice(0, 40));
    }
  });
});
