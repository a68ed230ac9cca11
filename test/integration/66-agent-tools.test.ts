import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import * as vscode from 'vscode';
import { navigateTool } from '../../src/extension/agents/tools';
import { CEILING_MS, waitFor } from './helpers';
import { suiteFolder } from './suiteFolder';

/** A tool's answer, as the text it gives the model, parsed. */
async function invoke(name: string, input: object): Promise<Record<string, unknown>> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
  const text = result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
  return JSON.parse(text) as Record<string, unknown>;
}

describe("agents' tools in VS Code (language model tools), against a page in Chromium", function () {
  this.timeout(120_000);
  const site = suiteFolder('alpha', { serve: true, chromium: true });
  let page: Page;

  before(async () => {
    page = await site.browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`http://127.0.0.1:${site.port}/live/console.html`);
    await page.waitForFunction(
      () => (window as unknown as { __ferroxLive?: { connected: boolean } }).__ferroxLive?.connected === true,
    );
  });
  after(async () => {
    await page?.close();
  });

  it('are declared and registered', () => {
    const names = vscode.lm.tools.map((t) => t.name);
    for (const tool of ['ferrox_pages', 'ferrox_console', 'ferrox_navigate'])
      assert.ok(names.includes(tool), `${tool} in ${names.join(', ')}`);
  });

  it('ferrox_pages says which page is open, on what, at which size', async () => {
    const answer = (await waitFor('the page in the list', async () => {
      const a = await invoke('ferrox_pages', {});
      return JSON.stringify(a).includes('/live/console.html') ? a : undefined;
    })) as {
      servers: { folder: string; url: string; pages: { page: string; viewport?: string; browser: string }[] }[];
    };
    const alpha = answer.servers.find((s) => s.folder === 'alpha');
    assert.ok(alpha, JSON.stringify(answer));
    assert.ok(alpha.url.includes(String(site.port)), alpha.url);
    const listed = alpha.pages.find((p) => p.page === '/live/console.html');
    assert.deepEqual(listed && { viewport: listed.viewport, browser: listed.browser }, {
      viewport: '390x844',
      browser: 'Chrome',
    });
  });

  it("ferrox_console gives the page's error with its workspace file and line, and filters by page", async () => {
    const answer = (await waitFor('the error in the console tool', async () => {
      const a = (await invoke('ferrox_console', {})) as { messages: { message: string }[] };
      return a.messages.some((m) => m.message.includes('from a page in VS Code')) ? a : undefined;
    })) as { messages: Record<string, unknown>[] };
    const error = answer.messages.find((m) => String(m.message).includes('from a page in VS Code'));
    assert.deepEqual(
      { server: error?.server, page: error?.page, level: error?.level, file: error?.file, line: error?.line },
      { server: 'alpha', page: '/live/console.html', level: 'error', file: 'live/noisy.js', line: 2 },
    );
    const other = (await invoke('ferrox_console', { page: '/nothing.html' })) as { messages: unknown[] };
    assert.deepEqual(other.messages, []);
  });

  it('ferrox_navigate asks first, then takes the page to another path; it refuses other origins, names and paths clearly', async () => {
    // The confirmation VS Code shows in chat (invokeTool outside a chat shows none).
    const prepared = (await navigateTool({
      servers: () => [{ folder: 'alpha', url: 'http://x/', pages: [] }],
      messages: undefined as never,
      navigate: () => 'sent',
    }).prepareInvocation!(
      { input: { path: '/about.html' } } as vscode.LanguageModelToolInvocationPrepareOptions<{ path: string }>,
      new vscode.CancellationTokenSource().token,
    )) as vscode.PreparedToolInvocation;
    assert.match(String(prepared.confirmationMessages?.message), /alpha.*every device.*\/about\.html/);

    for (const [input, error] of [
      [{ path: '//evil.example/' }, /would leave the server's origin/],
      [{ path: 'http://evil.example/' }, /must be a URL path/],
      [{ path: '/x.html', server: 'nope' }, /No server runs for nope/],
    ] as const) {
      const answer = await invoke('ferrox_navigate', input);
      assert.match(String(answer.error), error, JSON.stringify(input));
    }
    assert.match(page.url(), /\/live\/console\.html$/, 'the page stayed');

    const answer = await invoke('ferrox_navigate', { path: '/nested/deep%20page/page.html', server: 'alpha' });
    assert.equal(answer.server, 'alpha');
    assert.ok(Number(answer.navigated) >= 1, JSON.stringify(answer));
    await page.waitForURL(/\/nested\/deep%20page\/page\.html$/, { timeout: CEILING_MS });
  });
});
