import * as path from 'node:path';

/** The server core's module type, for `import type` use only: the code itself loads lazily. */
export type Core = typeof import('../core');

let core: Core | undefined;

/**
 * Loads the server core (a separate bundle, dist/core.js) on first use, so activating the
 * extension costs only the small controller bundle. The path is computed at run time so that
 * esbuild leaves the require alone instead of inlining the core.
 */
export function loadCore(): Core {
  if (!core) {
    const file = path.join(__dirname, 'core.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    core = require(file) as Core;
  }
  return core;
}
