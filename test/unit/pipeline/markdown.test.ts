import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { request, startServer, type Running } from '../helpers';

const README = `# Hello *World*

Raw <script>alert(1)</script> and <img src=x onerror=alert(2)> stay text; [bad](javascript:alert(3)) is no link.
A [relative link](docs/other.md) and ![a picture](img/pic.png).

## Getting started!

\`\`\`js
const answer = 42; // the answer
\`\`\`

\`\`\`nosuchlanguage
<b>plain</b>
\`\`\`
`;

describe('Markdown as a page', function () {
  this.timeout(15_000);
  let dir: string;
  let srv: Running | undefined;
  const nav = { 'Sec-Fetch-Dest': 'document', Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-md-'));
    fs.writeFileSync(path.join(dir, 'README.md'), README);
  });
  afterEach(async () => {
    await srv?.server.stop();
    srv = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a navigation gets the page: title, linked headings, highlighted code, and nothing of the source as HTML', async () => {
    srv = await startServer({ root: dir });
    const r = await request(srv.port, '/README.md', { headers: nav });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(String(r.headers.vary), /Sec-Fetch-Dest, Accept/);
    assert.match(String(r.headers['content-security-policy']), /object-src 'none'; base-uri 'none'/);
    assert.match(r.text, /<title>Hello World<\/title>/);
    assert.match(r.text, /<h2 id="getting-started"[^>]*><a class="anchor" href="#getting-started"/);
    assert.match(r.text, /<span class="hljs-keyword">const<\/span> answer = <span class="hljs-number">42<\/span>/);
    assert.match(r.text, /&lt;b&gt;plain&lt;\/b&gt;/, 'an unknown language is shown plain, escaped');
    assert.match(r.text, /Raw &lt;script&gt;alert\(1\)&lt;\/script&gt; and &lt;img src=x onerror=alert\(2\)&gt;/);
    assert.doesNotMatch(r.text, /<script>alert|<img src=x|href="javascript:/i);
    assert.match(r.text, /<a href="docs\/other\.md">relative link<\/a>/);
    assert.match(r.text, /<img src="img\/pic\.png" alt="a picture">/);
    assert.match(r.text, /prefers-color-scheme:dark/);
  });

  it("a script's fetch gets the text, as text/markdown, with ranges; so does a client that does not ask for HTML", async () => {
    srv = await startServer({ root: dir });
    const fetched = await request(srv.port, '/README.md', { headers: { 'Sec-Fetch-Dest': 'empty', Accept: '*/*' } });
    assert.equal(fetched.headers['content-type'], 'text/markdown; charset=utf-8');
    assert.equal(fetched.text, README);
    assert.match(String(fetched.headers.vary), /^Sec-Fetch-Dest, Accept/);
    const curl = await request(srv.port, '/README.md', { headers: { Accept: '*/*' } });
    assert.equal(curl.text, README);
    const part = await request(srv.port, '/README.md', { headers: { Range: 'bytes=0-6' } });
    assert.equal(part.status, 206);
    assert.equal(part.text, '# Hello');
    // Without Sec-Fetch-Dest (an older browser), asking for HTML is a navigation.
    const old = await request(srv.port, '/README.md', { headers: { Accept: 'text/html' } });
    assert.match(old.text, /<main class="markdown-body">/);
  });

  it('revalidates to 304 until the file changes, and compresses a large page', async () => {
    srv = await startServer({ root: dir });
    const first = await request(srv.port, '/README.md', { headers: nav });
    const etag = String(first.headers.etag);
    assert.equal((await request(srv.port, '/README.md', { headers: { ...nav, 'If-None-Match': etag } })).status, 304);
    fs.appendFileSync(path.join(dir, 'README.md'), '\nMore.\n');
    const changed = await request(srv.port, '/README.md', { headers: { ...nav, 'If-None-Match': etag } });
    assert.equal(changed.status, 200);
    assert.match(changed.text, /<p>More\.<\/p>/);
    fs.writeFileSync(path.join(dir, 'big.md'), '# Big\n\n' + 'A paragraph of words that repeat. '.repeat(3000));
    const big = await request(srv.port, '/big.md', { headers: { ...nav, 'Accept-Encoding': 'gzip' } });
    assert.equal(big.headers['content-encoding'], 'gzip');
    assert.match(String(big.headers.vary), /Sec-Fetch-Dest, Accept, Accept-Encoding/);
    const head = await request(srv.port, '/README.md', { method: 'HEAD', headers: nav });
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
  });

  it("gives repeated headings GitHub's ids (-1, -2, and past a heading that took one), and sends a file over 1 MB as text", async () => {
    fs.writeFileSync(path.join(dir, 'changes.md'), '# Changes\n\n### Added\n\n### Added\n\n### Added-1\n\n### Added\n');
    fs.writeFileSync(path.join(dir, 'huge.md'), '# Huge\n\n' + 'A line of prose.\n'.repeat(70_000));
    srv = await startServer({ root: dir });
    const page = await request(srv.port, '/changes.md', { headers: nav });
    assert.deepEqual(
      [...page.text.matchAll(/<h3 id="([^"]+)"/g)].map((m) => m[1]),
      ['added', 'added-1', 'added-1-1', 'added-2'],
    );
    assert.match(page.text, /<title>Changes<\/title>/, "the title is the heading's text, without its anchor");
    const huge = await request(srv.port, '/huge.md', { headers: nav });
    assert.equal(huge.headers['content-type'], 'text/markdown; charset=utf-8', 'too large to render on the event loop');
  });

  it('with live reload the page carries the tag naming the file; with markdown off it is text for everyone', async () => {
    srv = await startServer({ root: dir, liveReload: true });
    const page = await request(srv.port, '/README.md', { headers: nav });
    assert.match(page.text, /data-file="\/README\.md" data-version="[^"]+"/);
    await srv.server.reconfigure({ root: dir, host: '127.0.0.1', port: 0, liveReload: true, markdown: false });
    const raw = await request(srv.port, '/README.md', { headers: nav });
    assert.equal(raw.headers['content-type'], 'text/markdown; charset=utf-8');
    assert.equal(raw.text, README);
  });
});
