// Drives the real workbench in Chromium: "Ferrox: Serve Workspace" from the command palette,
// the status bar item with the URL, then "Ferrox: Show Log" with access lines. Screenshots go
// to test-artifacts/ (git-ignored; README uses one of them).
import * as fs from 'node:fs';
import * as path from 'node:path';

export async function runCommand(page, title) {
  const input = page.locator('.quick-input-widget .quick-input-box input.input');
  // The palette closes when focus moves (a late focus from the previous step): open it again.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      await input.fill(`>${title}`, { timeout: 5_000 });
      break;
    } catch (err) {
      if (attempt === 3) throw err;
      await page.keyboard.press('Escape');
    }
  }
  // The row whose label is exactly the title: "Ferrox: Stop" must not run "Ferrox: Stop Sharing",
  // which a recent use can put first.
  const exact = new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  const row = page
    .locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: exact }) })
    .first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
  // The next F1 must open a fresh palette, not meet this one closing.
  await input.waitFor({ state: 'hidden', timeout: 15_000 });
}

async function waitForFrameText(page, selector, text, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const found = await frame
        .locator(selector, { hasText: text })
        .count()
        .catch(() => 0);
      if (found > 0) return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no frame showed ${selector} "${text}" within ${timeoutMs} ms`);
}

/** Whether the command palette offers `title` (the exact label), without running it. */
export async function offers(page, title) {
  const input = page.locator('.quick-input-widget .quick-input-box input.input');
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: 5_000 });
  await input.fill(`>${title}`, { timeout: 5_000 });
  // The list settles once the palette has filtered: give it its moment, then read it.
  await page.waitForTimeout(500);
  const labels = await page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts();
  await page.keyboard.press('Escape');
  await input.waitFor({ state: 'hidden', timeout: 15_000 });
  return labels.some((l) => l.trim() === title);
}

/** The frame that holds `selector` (the preview's own webview frame, for one). */
async function findFrame(page, selector, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (
        (await frame
          .locator(selector)
          .count()
          .catch(() => 0)) > 0
      )
        return frame;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no frame holds ${selector} within ${timeoutMs} ms`);
}

async function waitForFrame(page, predicate, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (await frame.evaluate(predicate).catch(() => false)) return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function runUiTest({ browser, port, folder, extensionPath, artifacts }) {
  const log = [];
  const step = (text) => log.push(`✔ ${text}`);
  fs.mkdirSync(path.join(folder, '.vscode'), { recursive: true });
  fs.writeFileSync(
    path.join(folder, '.vscode', 'settings.json'),
    JSON.stringify({ 'ferrox.port': 0, 'ferrox.openOnStart': 'none' }),
  );
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    const payload = [['extensionDevelopmentPath', extensionPath]];
    await page.goto(
      `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
    );
    const item = page.locator('.statusbar-item', { hasText: 'Go Live' }).first();
    await item.waitFor({ timeout: 60_000 });
    step(`status bar shows "${(await item.innerText()).trim()}" before any command`);

    await runCommand(page, 'Ferrox: Serve Workspace');
    const running = page.locator('.statusbar-item', { hasText: /127\.0\.0\.1:\d+/ }).first();
    await running.waitFor({ timeout: 30_000 });
    const text = (await running.innerText()).trim();
    const served = Number(/127\.0\.0\.1:(\d+)/.exec(text)[1]);
    step(`after "Ferrox: Serve Workspace" the status bar shows "${text}"`);
    // A screen reader hears plain words: no Markdown escapes (127\.0\.0\.1) in the item's label.
    const label =
      (await running.getAttribute('aria-label')) ??
      (await running.locator('[aria-label]').first().getAttribute('aria-label'));
    if (!label || !label.includes('127.0.0.1') || !label.includes(String(served)) || label.includes('\\'))
      throw new Error(`the status item's screen-reader label: ${label}`);
    step(`the status item's screen-reader label reads "${label}"`);
    if (await offers(page, 'Ferrox: Stop Sharing'))
      throw new Error('"Stop Sharing" is offered while nothing is shared');

    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'index.html' }).first().click();
    await page.locator('.tab', { hasText: 'index.html' }).first().waitFor({ timeout: 15_000 });
    for (const p of ['/', '/index.html', '/style.css', '/missing.html'])
      await fetch(`http://127.0.0.1:${served}${p}`).then((r) => r.arrayBuffer());
    await page.screenshot({ path: path.join(artifacts, 'status-bar.png') });
    step('screenshot test-artifacts/status-bar.png');

    await runCommand(page, 'Ferrox: Show Log');
    const lines = page.locator('.part.panel .view-lines', { hasText: 'GET /style.css' }).first();
    await lines.waitFor({ timeout: 30_000 });
    const panelText = await lines.innerText();
    // The panel wraps long lines; join them back before matching.
    if (!/GET \/missing\.html 404 /.test(panelText.replace(/\u00a0/g, ' ').replace(/\n/g, '')))
      throw new Error(`the Output panel lacks the 404 access line:\n${panelText}`);
    step('the Output panel "Ferrox" shows the access lines, 200s and the 404');
    await page.screenshot({ path: path.join(artifacts, 'output.png') });
    step('screenshot test-artifacts/output.png');

    await page.locator('.tab', { hasText: 'index.html' }).first().click();
    await runCommand(page, 'Ferrox: Preview in Editor');
    await page.locator('.tab', { hasText: 'Preview: index.html' }).first().waitFor({ timeout: 15_000 });
    // The page renders inside the webview's nested frames; find its heading there.
    await waitForFrameText(page, 'h1', 'alpha', 20_000);
    await waitForFrame(
      page,
      () => window.__ferroxLive && window.__ferroxLive.connected === true,
      'the live-reload client to connect through the proxy',
      20_000,
    );
    step("the page in the preview is connected for live reload through code-server's /proxy/<port>/ path");
    // The panel proves itself to the page with its session's key; then, and only then, the page reports where it is.
    await waitForFrame(
      page,
      () => window.__ferroxLive && window.__ferroxLive.previewed === true,
      "the page to accept the preview's key",
      20_000,
    );
    const previewPanel = await findFrame(page, '#url', 10_000);
    await previewPanel.waitForFunction(() => /\/index\.html$/.test(document.getElementById('url').value), undefined, {
      timeout: 10_000,
    });
    step('the preview introduces itself to the page with its key, and the page reports its address to it');
    await page.screenshot({ path: path.join(artifacts, 'preview.png') });
    step('"Ferrox: Preview in Editor" shows the served page beside the editor (test-artifacts/preview.png)');

    const panel = await findFrame(page, '#device', 10_000);
    await panel.selectOption('#device', '390x844');
    await panel.waitForFunction(
      () =>
        document.getElementById('page').getBoundingClientRect().width === 390 &&
        document.getElementById('size').textContent === '390 \u00d7 844',
      undefined,
      { timeout: 10_000 },
    );
    await page.screenshot({ path: path.join(artifacts, 'preview-phone.png') });
    step(
      "the preview's Phone preset sizes the page to 390 × 844 and shows the size (test-artifacts/preview-phone.png)",
    );
    await panel.click('#zoomOut');
    await panel.waitForFunction(
      () =>
        document.getElementById('page').getBoundingClientRect().width === 351 &&
        document.getElementById('size').textContent === '390 \u00d7 844 \u00b7 90%',
      undefined,
      { timeout: 10_000 },
    );
    // In a narrow panel (500 px) the controls wrap: the address and the size stay whole and readable.
    const narrow = await panel.evaluate(() => {
      document.documentElement.style.width = '500px';
      const nav = document.querySelector('nav');
      const url = document.getElementById('url').getBoundingClientRect();
      const size = document.getElementById('size');
      const inside = [...nav.children].every((el) => el.getBoundingClientRect().right <= 500.5);
      const result = { url: url.width, sizeClipped: size.scrollWidth > size.clientWidth, inside };
      document.documentElement.style.width = '';
      return result;
    });
    if (!(narrow.url >= 180 && !narrow.sizeClipped && narrow.inside))
      throw new Error(`a 500 px preview's toolbar: ${JSON.stringify(narrow)}`);
    step(`in a 500 px panel the address keeps ${Math.round(narrow.url)} px and the size shows whole`);
    await panel.click('#zoomReset');
    await panel.waitForFunction(() => document.getElementById('size').textContent === '390 \u00d7 844', undefined, {
      timeout: 10_000,
    });
    step('the preview zooms out to 90% (the phone page drawn 351 px wide, "390 × 844 · 90%" shown) and back to 100%');
    await panel.selectOption('#device', 'full');

    for (const frame of page.frames())
      await frame
        .evaluate(() => {
          window.__beforeShare = 1;
        })
        .catch(() => undefined);
    await runCommand(page, 'Ferrox: Share on Network…');
    await page.locator('.tab', { hasText: 'Sharing: alpha' }).first().waitFor({ timeout: 15_000 });
    const share = await findFrame(page, '.qr svg', 15_000);
    await share.locator('#copy').waitFor({ timeout: 5_000 });
    // The link's buttons come before the QR code: in reach without scrolling, even in a short panel.
    const buttonsShown = await share.evaluate(
      () =>
        document.getElementById('stop').getBoundingClientRect().bottom <= innerHeight &&
        document.getElementById('stop').getBoundingClientRect().bottom <
          document.querySelector('.qr').getBoundingClientRect().top,
    );
    if (!buttonsShown) throw new Error("the share panel's buttons are below the fold or below the QR code");
    await page
      .locator('.statusbar-item', { hasText: /shared/ })
      .first()
      .waitFor({ timeout: 15_000 });
    // The preview opened before sharing follows the server to the link with the token.
    await waitForFrame(
      page,
      () =>
        !window.__beforeShare &&
        location.search === '' &&
        document.querySelector('h1')?.textContent === 'alpha' &&
        window.__ferroxLive &&
        window.__ferroxLive.connected === true,
      'the preview page to come back through the token cookie',
      20_000,
    );
    await page.screenshot({ path: path.join(artifacts, 'share.png') });
    step(
      '"Ferrox: Share on Network…" shows the link\'s QR code, the status bar says "shared", and the preview follows with the token (test-artifacts/share.png)',
    );
    if (!(await offers(page, 'Ferrox: Stop Sharing'))) throw new Error('"Stop Sharing" is not offered while shared');
    step('"Ferrox: Stop Sharing" is offered only while something is shared');
    await runCommand(page, 'Ferrox: Stop Sharing');
    await page.locator('.tab', { hasText: 'Sharing: alpha' }).first().waitFor({ state: 'detached', timeout: 15_000 });

    await runCommand(page, 'Ferrox: Trust Local HTTPS Certificate…');
    await page.locator('.tab', { hasText: 'Trust Ferrox CA.md' }).first().waitFor({ timeout: 15_000 });
    await page
      .locator('.monaco-editor .view-lines', { hasText: 'update-ca-certificates' })
      .first()
      .waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(artifacts, 'trust.png') });
    step('"Ferrox: Trust Local HTTPS Certificate…" opens the steps with ca.pem\'s path (test-artifacts/trust.png)');

    await runCommand(page, 'Ferrox: Stop');
    await page
      .locator('.statusbar-item', { hasText: /^\s*Go Live\s*$/ })
      .first()
      .waitFor({ timeout: 15_000 });
    step('after "Ferrox: Stop" the status bar is back to "Go Live"');

    // The keybinding, as a user presses it: Alt+X Alt+S serves, and again stops.
    // Focus in the editor's text (a click at a fixed point could land on whatever is drawn there).
    await page.keyboard.press('Escape');
    await page.locator('.editor-group-container.active .monaco-editor textarea').first().focus();
    await page.keyboard.press('Alt+X');
    await page.keyboard.press('Alt+S');
    await page
      .locator('.statusbar-item', { hasText: /127\.0\.0\.1:\d+/ })
      .first()
      .waitFor({ timeout: 15_000 });
    await page.keyboard.press('Alt+X');
    await page.keyboard.press('Alt+S');
    await page
      .locator('.statusbar-item', { hasText: /^\s*Go Live\s*$/ })
      .first()
      .waitFor({ timeout: 15_000 });
    step('Alt+X Alt+S serves the workspace (the status bar shows its address), and pressed again stops it');
    return { ok: true, log };
  } catch (err) {
    await page.screenshot({ path: path.join(artifacts, 'ui-failure.png') }).catch(() => undefined);
    log.push(`✘ ${err.message} (see test-artifacts/ui-failure.png)`);
    return { ok: false, log };
  } finally {
    await page.close();
    fs.rmSync(path.join(folder, '.vscode'), { recursive: true, force: true });
  }
}
