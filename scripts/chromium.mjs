// Debian's Chromium for the scripts and benchmarks, with the flags this closed network needs:
// chromium-flags.json, the one list, which the TypeScript suites read too (test/shared/chromium.ts).
import * as fs from 'node:fs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = JSON.parse(fs.readFileSync(new URL('./chromium-flags.json', import.meta.url), 'utf8'));
