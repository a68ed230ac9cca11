// The extension's details page, as a user sees it after installing the packaged VSIX: every image
// the README shows must load there. (It runs against the installed VSIX, in a workbench opened
// without the development path, so what is checked is what the package carries.)
import * as path from 'node:path';

/** The images in the details page's README (its webview frame), once each has loaded or failed. */
async function readmeImages(page, expected, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames().filter((f) => f.url().includes('/webview/'))) {
      const images = await frame
        .evaluate(async (count) => {
          const imgs = [...document.querySelectorAll('img[alt]')];
          if (imgs.length < count) return undefined;
          // Wait for each to settle: loaded with a size, or failed.
          await Promise.all(
            imgs.map((i) =>
              i.complete
                ? undefined
                : new Promise((r) => {
                    i.onload = r;
                    i.onerror = r;
                  }),
            ),
          );
          return imgs.map((i) => ({ alt: i.alt, width: i.naturalWidth }));
        }, expected)
        .catch(() => undefined);
      if (images) return { frame, images };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the details page did not show the README's ${expected} images within ${timeoutMs} ms`);
}

export async function checkDetailsPage({ browser, port, folder, artifacts, runCommand, readme }) {
  const expected = (readme.match(/!\[[^\]]*\]\(/g) ?? []).length;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`);
    await page.locator('.statusbar-item', { hasText: 'Go Live' }).first().waitFor({ timeout: 60_000 });
    await runCommand(page, 'Extensions: Focus on Extensions View');
    const entry = page.locator('.extension-list-item', { hasText: 'Serve Folder' }).first();
    await entry.waitFor({ timeout: 30_000 });
    await entry.click();
    await page.locator('.extension-editor .name', { hasText: 'Serve Folder' }).first().waitFor({ timeout: 30_000 });
    const { frame, images } = await readmeImages(page, expected, 30_000);
    await frame.evaluate(() => document.querySelector('img[alt]')?.scrollIntoView({ block: 'center' }));
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(artifacts, 'details.png') });
    const broken = images.filter((i) => !(i.width > 0));
    if (broken.length > 0)
      throw new Error(`README images that did not load in the details page: ${broken.map((i) => i.alt).join(', ')}`);
    // The user's README, not the repository's: its first section is there, development set-up is not.
    const headings = await frame.evaluate(() => [...document.querySelectorAll('h2')].map((h) => h.textContent.trim()));
    const wanted = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    if (headings.join('|') !== wanted.join('|'))
      throw new Error(
        `the details page shows sections ${headings.join(', ')}, not the user README's ${wanted.join(', ')}`,
      );
    return `the installed VSIX's details page shows the user README (${headings.length} sections: ${headings.join(', ')}) with ${images.length} images, all loaded (test-artifacts/details.png)`;
  } catch (err) {
    await page.screenshot({ path: path.join(artifacts, 'details-failure.png') }).catch(() => undefined);
    throw err;
  } finally {
    await page.close();
  }
}
