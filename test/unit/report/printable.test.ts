import * as assert from 'node:assert/strict';
import { formatAccessLog, formatBrowserMessage, formatDevLog, printable, printableOutput } from '../../../src/core';
import type { AccessLogEntry } from '../../../src/core';

describe('printable: the one rule for text from outside', () => {
  it('shows C0 and C1 controls, DEL and bidi overrides as escapes; keeps line breaks and tabs only when multiline', () => {
    const text = 'osc52 \u001b]52;c;ZXZpbA==\u0007 csi \u009b2J del \u007f bidi \u202eevil\u2066 nl\nt\tcr\r';
    assert.equal(
      printable(text),
      'osc52 \\x1b]52;c;ZXZpbA==\\x07 csi \\x9b2J del \\x7f bidi \\u202eevil\\u2066 nl\\x0at\\x09cr\\x0d',
    );
    assert.equal(
      printable(text, { multiline: true }),
      'osc52 \\x1b]52;c;ZXZpbA==\\x07 csi \\x9b2J del \\x7f bidi \\u202eevil\\u2066 nl\nt\tcr\\x0d',
    );
    assert.equal(printable('plain ☃ text'), 'plain ☃ text');
  });

  it('lets through only the colour sequences it is told to keep, exactly', () => {
    const keep = new Set(['\u001b[32m', '\u001b[39m']);
    assert.equal(
      printable('\u001b[32mok\u001b[39m \u001b[8mhidden\u001b[0m \u001b[2A', { keep }),
      '\u001b[32mok\u001b[39m \\x1b[8mhidden\\x1b[0m \\x1b[2A',
    );
  });

  it("drops a program's colours from its lines and escapes the rest", () => {
    assert.equal(printableOutput('\u001b[1;31merror\u001b[0m: \u001b]0;t\u0007x'), 'error: \\x1b]0;t\\x07x');
  });

  it("holds in the formatters: a page's console line and both access log formats", () => {
    const line = formatBrowserMessage({
      level: 'error',
      page: '/a\u001b[2Jb',
      message: 'one\nclip\u001b]52;c;eA==\u0007\rover',
      source: 'http://h/\u009b.js',
      line: 1,
    });
    assert.equal(line, 'browser error /a\\x1b[2Jb: one\n    clip\\x1b]52;c;eA==\\x07\\x0dover (http://h/\\x9b.js:1)');
    const entry: AccessLogEntry = {
      time: new Date(0),
      remoteAddress: '127.0.0.1',
      method: 'GET',
      path: '/x\u009b\u202e?q="',
      httpVersion: '1.1',
      status: 200,
      bytes: 1,
      durationMs: 1,
      userAgent: 'ua\u001b]0;t\u0007',
      referer: undefined,
    } as AccessLogEntry;
    assert.match(formatAccessLog(entry), /"GET \/x\\x9b\\u202e\?q=\\" HTTP\/1\.1" 200 1 "-" "ua\\x1b\]0;t\\x07"/);
    assert.match(formatDevLog(entry), /^GET \/x\\x9b\\u202e\?q=" 200/);
  });
});
