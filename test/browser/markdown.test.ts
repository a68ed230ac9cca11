import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { countLoads } from '../shared/restart';
import { browserSuite, freePort, startCli, type Cli } from './browserHelpers';

const README = (extra: string) => `# Notes

A [second page](docs/second.md) and a picture: ![dot](dot.svg)

## Code

\`\`\`ts
const count: number = 1;
\`\`\`
${extra}`;

describe('Markdown shown as a page, in Chromium (ferrox --live)', function () {
  this.timeout(30_000);
  const suite = browserSuite('markdown', {
    'README.md': README(''),
    'docs/second.md': '# Second\n\n[Back](../README.md#code)\n',
    'dot.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><circle cx="4" cy="4" r="4"/></svg>',
  });
  let cli: Cli;

  before(async () => {
    cli = await startCli([suite.dir, '--port', String(await freePort()), '--live', '--quiet']);
    suite.onClose(() => cli.stop());
  });

  it('renders with light and dark colours, highlighted code, working relative links and images, and the text still fetchable', async () => {
    const context = await suite.browser.newContext({ colorScheme: 'dark' });
    const page = await suite.openLive(cli.url + 'README.md', context);
    try {
      assert.equal(await page.title(), 'Notes');
      assert.equal(
        await page.evaluate(() => getComputedStyle(document.body).backgroundColor),
        'rgb(13, 17, 23)',
        'dark',
      );
      await page.emulateMedia({ colorScheme: 'light' });
      assert.equal(
        await page.evaluate(() => getComputedStyle(document.body).backgroundColor),
        'rgb(255, 255, 255)',
        'light',
      );
      assert.equal(await page.locator('pre code .hljs-keyword').first().textContent(), 'const');
      assert.equal(
        await page.evaluate(() => (document.querySelector('img[alt="dot"]') as HTMLImageElement).naturalWidth),
        8,
        'the image loaded',
      );
      // A script's fetch of the same URL gets the Markdown itself.
      const fetched = await page.evaluate(async () => {
        const r = await fetch('README.md');
        return { type: r.headers.get('content-type'), text: await r.text() };
      });
      assert.deepEqual(fetched, { type: 'text/markdown; charset=utf-8', text: README('') });
      await page.click('text=second page');
      await page.waitForURL(cli.url + 'docs/second.md');
      await page.click('text=Back');
      await page.waitForURL(cli.url + 'README.md#code');
      assert.ok(await page.evaluate(() => document.getElementById('code') !== null), 'the heading has its id');
    } finally {
      await context.close();
    }
  });

  it("updates in place when the file changes: no reload, the page's state kept", async () => {
    const page = await suite.openLive(cli.url + 'README.md');
    const loads = countLoads(page);
    try {
      await page.evaluate(() => {
        (window as unknown as { kept: string }).kept = 'still here';
      });
      fs.writeFileSync(path.join(suite.dir, 'README.md'), README('\n## Added\n\nA new paragraph.\n'));
      await page.waitForSelector('h2#added');
      assert.equal(await page.locator('h2#added + p').textContent(), 'A new paragraph.');
      assert.equal(
        await page.evaluate(() => (window as unknown as { kept?: string }).kept),
        'still here',
        'not reloaded',
      );
      assert.equal(loads(), 0, 'no load after the first');
    } finally {
      await page.close();
    }
  });
});
