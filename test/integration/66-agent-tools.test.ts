import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import * as vscode from 'vscode';
import * as core from '../../src/core';
import type { AgentHost } from '../../src/core';
import { agentTool } from '../../src/extension/agents/tools';
import { CEILING_MS, waitFor } from './helpers';
import { suiteFolder } from './suiteFolder';

/** A host with one server, for what VS Code asks before a tool runs (outside a chat, invokeTool shows no confirmation). */
const testHost = (): AgentHost => ({
  servers: () => [{ name: 'alpha', url: 'http://x/', pages: [], messages: () => [] }],
  navigate: () => 'sent',
  reload: () => 0,
  snapshot: async () => ({ error: 'unused' }),
});
/** The core as the tests compile it (the extension loads dist/core.js, which out/ does not hold). */
const testCore = () => core;

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
    for (const tool of ['ferrox_pages', 'ferrox_console', 'ferrox_snapshot', 'ferrox_navigate', 'ferrox_reload'])
      assert.ok(names.includes(tool), `${tool} in ${names.join(', ')}`);
  });

  it('ferrox_pages says which page is open, on what, at which size', async () => {
    const answer = (await waitFor('the page in the list', async () => {
      const a = await invoke('ferrox_pages', {});
      return JSON.stringify(a).includes('/live/console.html') ? a : undefined;
    })) as {
      servers: { name: string; url: string; pages: { page: string; viewport?: string; browser: string }[] }[];
    };
    const alpha = answer.servers.find((s) => s.name === 'alpha');
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

  it("ferrox_snapshot gives the page's headings, landmarks, form labels and an element's box and styles; bad selectors clearly", async () => {
    const answer = (await invoke('ferrox_snapshot', {
      page: '/live/console.html',
      selector: 'label[for=email]',
      styles: ['display'],
    })) as {
      snapshots: { device: string; snapshot?: Record<string, unknown>; error?: string }[];
    };
    const [shown] = answer.snapshots;
    assert.ok(shown?.snapshot, JSON.stringify(answer));
    const snap = shown.snapshot as {
      title: string;
      viewport: { width: number };
      headings: { text: string }[];
      landmarks: { role: string }[];
      forms: {
        name?: string;
        method?: string;
        fields: { label: string; type?: string; value?: string; required?: boolean }[];
      }[];
      element: { tag: string; box: { width: number }; styles: Record<string, string> };
    };
    assert.equal(snap.title, 'console');
    assert.equal(snap.viewport.width, 390);
    assert.deepEqual(
      snap.headings.map((h) => h.text),
      ['Join us'],
    );
    assert.ok(
      snap.landmarks.some((l) => l.role === 'main'),
      JSON.stringify(snap.landmarks),
    );
    const form = snap.forms.find((f) => f.name === 'signup');
    assert.deepEqual(
      form?.fields.map((f) => [f.label, f.type, f.value, f.required]),
      [
        ['Email address', 'email', undefined, true],
        ['Password', 'password', undefined, undefined],
        ['Sign up', 'submit', undefined, undefined],
      ],
      'labels, and never the password',
    );
    assert.equal(snap.element.tag, 'label');
    assert.ok(snap.element.box.width > 0);
    assert.equal(snap.element.styles.display, 'inline');

    const bad = (await invoke('ferrox_snapshot', { page: '/live/console.html', selector: 'p[' })) as {
      snapshots: { snapshot?: { element: { error: string } } }[];
    };
    assert.match(bad.snapshots[0].snapshot!.element.error, /Not a valid CSS selector/);
    const none = (await invoke('ferrox_snapshot', { page: '/nothing.html' })) as { error: string };
    assert.match(none.error, /No open page is \/nothing\.html/);
  });

  it('ferrox_navigate asks first, then takes the page to another path; it refuses other origins, names and paths clearly', async () => {
    // The confirmation VS Code shows in chat (invokeTool outside a chat shows none).
    const prepared = (await agentTool('ferrox_navigate', testHost, testCore).prepareInvocation!(
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

  it('ferrox_reload asks first, then reloads the page', async () => {
    const prepared = (await agentTool('ferrox_reload', testHost, testCore).prepareInvocation!(
      { input: {} } as vscode.LanguageModelToolInvocationPrepareOptions<Record<string, unknown>>,
      new vscode.CancellationTokenSource().token,
    )) as vscode.PreparedToolInvocation;
    assert.match(String(prepared.confirmationMessages?.message), /reload every open page of the server of alpha/);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    const answer = await invoke('ferrox_reload', { server: 'alpha' });
    assert.ok(Number(answer.reloaded) >= 1, JSON.stringify(answer));
    await page.waitForFunction(() => (window as unknown as { marker?: number }).marker === undefined, undefined, {
      timeout: CEILING_MS,
    });
  });
});
