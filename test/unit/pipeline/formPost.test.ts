import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { request, servedFixture } from '../helpers';

describe('a form posted to a static page', () => {
  const { fx, srv } = servedFixture({ liveReload: true });
  before(() =>
    fs.writeFileSync(
      path.join(fx.root, 'form.html'),
      '<!doctype html><form method="post" enctype="multipart/form-data"><input name="a"></form>',
    ),
  );

  it('answers a page listing the fields and files it received, escaped, and how to have a server take it', async () => {
    const form = new FormData();
    form.append('name', '<script>alert(1)</script>');
    form.append('note', 'a & b "quoted"');
    form.append('upload', new Blob(['SECRET FILE CONTENT'], { type: 'text/plain' }), 'my <file>.txt');
    const sent = new Request('http://x/', { method: 'POST', body: form });
    const body = Buffer.from(await sent.arrayBuffer());
    const r = await request(srv.port, '/form.html', {
      method: 'POST',
      headers: { 'Content-Type': sent.headers.get('content-type')!, 'Content-Length': String(body.length) },
      body,
    });
    assert.equal(r.status, 405);
    assert.equal(r.headers.allow, 'GET, HEAD');
    assert.match(String(r.headers['content-security-policy']), /default-src 'none'/);
    assert.match(r.text, /A form was posted to \/form\.html/);
    assert.match(r.text, /no server handles this URL/);
    assert.match(r.text, /<code>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/code>/);
    assert.match(r.text, /a &amp; b &quot;quoted&quot;/);
    assert.match(r.text, /file <code>my &lt;file&gt;\.txt<\/code>, 19 B, text\/plain/);
    assert.ok(!r.text.includes('<script>alert'), 'nothing unescaped');
    assert.ok(!r.text.includes('SECRET FILE CONTENT'), "a file's content is never shown");
    assert.match(r.text, /--backend/);
    assert.match(r.text, /_redirects/);
    const get = await request(srv.port, '/form.html');
    assert.equal(get.status, 200, 'the same page by GET is unaffected');
  });

  it('reads a urlencoded form too, and names a body too large or not a form', async () => {
    const plain = await request(srv.port, '/form.html', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'q=caf%C3%A9&empty=',
    });
    assert.match(plain.text, /<code>q<\/code><\/td><td><code>café<\/code>/);
    const big = await request(srv.port, '/form.html', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(3 * 1024 * 1024) },
      body: 'x'.repeat(3 * 1024 * 1024),
    });
    assert.match(big.text, /larger than 2\.0 MB: it was not read/);
    const broken = await request(srv.port, '/form.html', {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=nope' },
      body: 'not multipart at all',
    });
    assert.match(broken.text, /could not be read as a form/);
    const json = await request(srv.port, '/form.html', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    assert.equal(json.status, 405);
    assert.match(json.text, /only reads files/, 'anything else than a form: the plain 405');
  });
});
