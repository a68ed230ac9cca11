import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import * as vscode from 'vscode';
import { waitFor } from './helpers';
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
    assert.ok(names.includes('ferrox_pages') && names.includes('ferrox_console'), names.join(', '));
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
});
