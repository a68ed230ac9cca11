import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { until } from '../../shared/processes';
import { rawExchange, request } from '../helpers';
import { runCli } from './cliRun';

/** A control character a terminal would act on: C0 but line breaks and tabs, DEL, C1 (U+009B is CSI alone), bidi overrides. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

const OSC52 = '\u001b]52;c;ZXZpbA==\u0007';
const TITLE = '\u001b]0;pwned\u0007';

/** A backend that writes escapes of every kind, then answers every path with a page. */
const BACKEND = `
process.stdout.write(${JSON.stringify(`clipboard ${OSC52} csi \u009b2J title ${TITLE} red \u001b[31mred\u001b[0m\n`)});
require('http').createServer((req, res) => { res.setHeader('Content-Type', 'text/html'); res.end('<!doctype html><title>b</title><p>b'); })
  .listen(process.env.PORT, process.env.HOST);
`;

/** Opens the event stream as a page that says `page` of itself; resolves with the instance once `hello` arrives. */
function openStream(port: number, page: string): Promise<{ instance: string; close(): void }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { port, host: '127.0.0.1', path: `/__ferrox/events?page=${encodeURIComponent(page)}`, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          const hello = /event: hello\ndata: (.*)\n/.exec(text);
          if (hello)
            resolve({ instance: (JSON.parse(hello[1]) as { instance: string }).instance, close: () => req.destroy() });
        });
      },
    );
    req.on('error', reject);
  });
}

describe('the ferrox command prints what others wrote, never obeys it', function () {
  this.timeout(30_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-printable-'));
    fs.mkdirSync(path.join(dir, 's'));
    fs.writeFileSync(path.join(dir, 'backend.js'), BACKEND);
    // A served script whose source map names its source with escapes.
    fs.writeFileSync(path.join(dir, 's', 'app.js'), 'throw new Error("x");\n//# sourceMappingURL=app.js.map\n');
    fs.writeFileSync(
      path.join(dir, 's', 'app.js.map'),
      JSON.stringify({ version: 3, sources: [`${TITLE}evil\u202e.ts`], names: [], mappings: 'AAAA' }),
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("a backend's lines, a page's events query, a source map's sources and a raw C1 byte in a request reach the terminal as escapes", async () => {
    const cli = runCli(
      [
        dir,
        '--port',
        '0',
        '--backend',
        `"${process.execPath}" backend.js`,
        '--static',
        '/s',
        '--log-format',
        'combined',
      ],
      { env: { NO_COLOR: '1' } },
    );
    try {
      const [, url] = await cli.waitFor(/at (http:\S+) with live reload/);
      const port = Number(new URL(url).port);
      await until("the backend's line", () => /backend \| clipboard/.test(cli.stdout()));
      const stream = await openStream(port, `/page${OSC52}.html`);
      try {
        await until('the pages line', () => /ferrox: 1 page on 1 device/.test(cli.stderr()));
        const posted = await request(port, '/__ferrox/console', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            instance: stream.instance,
            page: `/p${TITLE}`,
            entries: [{ level: 'error', message: `Uncaught ${OSC52}`, source: `${url}s/app.js`, line: 1, column: 1 }],
          }),
        });
        assert.equal(posted.status, 204);
        await until('the console line', () => /browser error/.test(cli.stderr()));
      } finally {
        stream.close();
      }
      // A raw byte 0x9b (CSI in C1) in a header the log shows (header values may carry bytes over 0x7f).
      await rawExchange(
        port,
        Buffer.concat([
          Buffer.from('GET /s/a HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: ua'),
          Buffer.from([0x9b]),
          Buffer.from('2J\r\nConnection: close\r\n\r\n'),
        ]),
        500,
      );
      await until("the request's log line", () => /GET \/s\/a HTTP/.test(cli.stdout()));
    } finally {
      await cli.stop();
    }
    const out = cli.stdout();
    const err = cli.stderr();
    for (const [name, text] of [
      ['stdout', out],
      ['stderr', err],
    ]) {
      const at = RAW_CONTROL.exec(text);
      assert.equal(
        at,
        null,
        `${name} carries a raw control character near ${JSON.stringify(at && text.slice(Math.max(0, at.index - 40), at.index + 20))}`,
      );
    }
    assert.match(
      out,
      /backend \| clipboard \\x1b\]52;c;ZXZpbA==\\x07 csi \\x9b2J title \\x1b\]0;pwned\\x07 red red$/m,
      "a backend's colours dropped, the rest escaped",
    );
    assert.match(err, /1 page on 1 device: .*\/page\\x1b\]52;c;ZXZpbA==\\x07\.html/);
    assert.match(
      err,
      /browser error \/p\\x1b\]0;pwned\\x07: Uncaught \\x1b\]52;c;ZXZpbA==\\x07 \(\\x1b\]0;pwned\\x07evil\\u202e\.ts:1:1\)/,
    );
    assert.match(out, /"GET \/s\/a HTTP\/1\.1" 404 \d+ "-" "ua\\x9b2J"/);
  });
});
