import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, BrowserType } from 'playwright-core';

/** Debian's Chromium, with the flags this closed network needs: one place for the browser and the VS Code suites. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** scripts/chromium-flags.json, the one list (the scripts and benchmarks read it too); tests run from out/test/shared/. */
export const CHROMIUM_FLAGS: string[] = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../../scripts/chromium-flags.json'), 'utf8'),
);

/** A phone as Chromium emulates one: its size, a mobile user agent, touch. */
export const PHONE = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 3,
  userAgent:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
};
export const DESKTOP = { viewport: { width: 1280, height: 800 } };

/**
 * Launches Chromium through playwright-core's `type`, or loads playwright-core when asked (the VS
 * Code suite runs inside the extension host); fails with what to install. The browser suite passes
 * its own, imported at load: mocha's leak check would see the globals of a later import.
 */
export async function launchChromium(type?: BrowserType): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not at ${CHROMIUM_PATH}: install it (apt-get install chromium) or set CHROMIUM_PATH to its executable.`,
    );
  }
  const chromium = type ?? (await import('playwright-core')).chromium;
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
}
