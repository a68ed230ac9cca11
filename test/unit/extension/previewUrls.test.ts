import * as assert from 'node:assert/strict';
import { isServedPage } from '../../../src/client/preview/servedPage';

describe('the preview panel: what it shows and opens', () => {
  const origin = 'http://127.0.0.1:8080';

  it('takes http(s) pages of the served origin only', () => {
    assert.equal(isServedPage('http://127.0.0.1:8080/docs/page.html?x=1#top', origin), true);
    for (const bad of [
      'file:///etc/passwd',
      'vscode://vscode.git/clone?url=x',
      'javascript:alert(1)',
      'http://127.0.0.1:9090/',
      'https://127.0.0.1:8080/',
      'http://evil.test/',
      'data:text/html,hi',
      '//127.0.0.1:8080/',
      'not a url',
      '',
      42,
      undefined,
      null,
    ]) {
      assert.equal(isServedPage(bad, origin), false, String(bad));
    }
  });

  it('works as embedded in the webview (its source stands alone)', () => {
    // The panel's script embeds the function's source text; it must not close over anything.
    const embedded = new Function(`return (${isServedPage.toString()})`)() as typeof isServedPage;
    assert.equal(embedded('http://127.0.0.1:8080/a', origin), true);
    assert.equal(embedded('file:///a', origin), false);
  });
});
