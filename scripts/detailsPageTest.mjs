// The extension's details page, as a user sees it after installing the packaged VSIX: every image
// the README shows must be in the package and load. (An extension under development renders its
// README from the repository, where a file the VSIX leaves out would still load; so this runs
// against the installed VSIX, in a workbench opened without the development path.)
import * as path from 'node:path';

/** The images in the details page's README that loaded and that did not. */
async function readmeImages(page, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const images = await frame.evaluate(async () => {
        const imgs = [...document.querySelectorAll('img')].filter((i) => /docs\//.test(i.getAttribute('src') ?? '') || /docs\//.test(i.src));
        if (imgs.length === 0) return undefined;
        // Wait for each to settle: loaded with a size, or failed.
        await Promise.all(imgs.map((i) => (i.complete ? undefined : new Promise((r) => { i.onload = r; i.onerror = r; }))));
        return imgs.map((i) => ({ src: i.getAttribute('src'), width: i.naturalWidth }));
      }).catch(() => undefined);
      if (images) return images;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no frame showed the README's images within ${timeoutMs} ms`);
}

export async function checkDetailsPage({ browser, port, folder, artifacts, runCommand }) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`);
    await page.locator('.statusbar-item', { hasText: 'Ferrox' }).first().waitFor({ timeout: 60_000 });
    await runCommand(page, 'Extensions: Show Installed Extensions');
    const entry = page.locator('.extensions-viewlet .extension-list-item', { hasText: 'Serve Folder' }).first();
    await entry.waitFor({ timeout: 30_000 });
    await entry.click();
    await page.locator('.extension-editor .name', { hasText: 'Serve Folder' }).first().waitFor({ timeout: 30_000 });
    const images = await readmeImages(page, 30_000);
    await page.screenshot({ path: path.join(artifacts, 'details.png') });
    const broken = images.filter((i) => !(i.width > 0));
    if (broken.length > 0) throw new Error(`README images that did not load in the details page: ${broken.map((i) => i.src).join(', ')}`);
    return `the installed VSIX's details page shows its README with ${images.length} images, all loaded (test-artifacts/details.png)`;
  } catch (err) {
    await page.screenshot({ path: path.join(artifacts, 'details-failure.png') }).catch(() => undefined);
    throw err;
  } finally {
    await page.close();
  }
}
