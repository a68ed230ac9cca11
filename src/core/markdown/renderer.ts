import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

type Renderer = typeof import('./render');

const BUNDLE = 'markdown-bundle.js';
let loaded: Renderer | undefined;

/**
 * The Markdown renderer, loaded on first use from its own bundle beside the core's (dist/), or
 * from dist/ four levels up when the tests run from out/src/core/markdown.
 */
export function renderer(): Renderer {
  if (loaded) return loaded;
  const candidates = [path.join(__dirname, BUNDLE), path.join(__dirname, '..', '..', '..', '..', 'dist', BUNDLE)];
  const file = candidates.find((f) => fs.existsSync(f));
  if (!file) throw new Error(`Markdown: cannot find ${BUNDLE} near ${__dirname}; run "npm run build"`);
  // A plain CommonJS require, as for the X.509 bundle: import() would wrap it differently in the bundle and in out/.
  loaded = createRequire(__filename)(file) as Renderer;
  return loaded;
}
