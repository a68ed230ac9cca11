import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { findInjectionPoint, HtmlInjector, INJECTION_LOOKAHEAD } from '../../../src/core/http/htmlInject';

const TAG = '<script src="/__ferrox/live.js"></script>';

/** Runs the injector over `html` split into chunks of `chunkSize` bytes. */
async function inject(html: string, chunkSize = 7): Promise<string> {
  const buf = Buffer.from(html);
  const chunks: Buffer[] = [];
  for (let i = 0; i < buf.length; i += chunkSize) chunks.push(buf.subarray(i, i + chunkSize));
  const out: Buffer[] = [];
  for await (const c of Readable.from(chunks).pipe(new HtmlInjector(Buffer.from(TAG)))) out.push(c as Buffer);
  return Buffer.concat(out).toString();
}

describe('live reload: injection', () => {
  const cases: [string, string, string][] = [
    [
      'after <head>',
      '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>x</title></head><body>hi</body></html>',
      `<!DOCTYPE html><html lang="en"><head>${TAG}<meta charset="utf-8">`,
    ],
    [
      'with no <head> or <body>',
      '<!doctype html>\n<title>x</title>\n<p>hello',
      `<!doctype html>\n${TAG}<title>x</title>`,
    ],
    [
      'with no <html> either, after comments',
      '<!-- a -- comment --><!DOCTYPE html>\n<!-- b -->\n<p>hi</p>',
      `<!-- b -->\n${TAG}<p>hi</p>`,
    ],
    [
      'with a BOM and uppercase tags',
      '\ufeff<HTML><HEAD>\n<TITLE>x</TITLE>',
      `\ufeff<HTML><HEAD>${TAG}\n<TITLE>x</TITLE>`,
    ],
    [
      'with quoted > in <html> attributes',
      '<html data-x="a>b"><head data-y=\'>\'><title>x</title>',
      `<head data-y='>'>${TAG}<title>`,
    ],
    ['not confusing <header> with <head>', '<!doctype html><header>top</header>', `<!doctype html>${TAG}<header>`],
    ['as plain text content', 'just text', `${TAG}just text`],
  ];
  for (const [name, html, expected] of cases) {
    it(`injects ${name}`, async () => {
      for (const size of [1, 5, 64, 4096]) {
        const out = await inject(html, size);
        assert.ok(out.includes(expected), `chunks of ${size}: ${out}`);
        assert.equal(out.length, html.length + TAG.length, 'exactly the tag is added');
        assert.equal(out.split(TAG).length, 2, 'exactly once');
      }
    });
  }

  it('leaves <template>, inline SVG and a script containing "</body>" alone', async () => {
    const body =
      '<template><body>t</body></template><svg><title>s</title></svg><script>const s = "</body></html>";</script>';
    const html = `<!doctype html><html><head><title>x</title></head><body>${body}</body></html>`;
    const out = await inject(html);
    assert.ok(out.includes(`<head>${TAG}<title>`));
    assert.ok(out.includes(body), 'the body is untouched');
  });

  it('appends at the end when the start is an endless comment, and handles empty documents', async () => {
    const big = `<!--${'x'.repeat(INJECTION_LOOKAHEAD)}--><p>late`;
    const out = await inject(big, 8192);
    assert.ok(out.endsWith(TAG));
    assert.equal(await inject(''), TAG);
    assert.equal(findInjectionPoint(Buffer.from('<!-- open')), undefined);
  });
});
