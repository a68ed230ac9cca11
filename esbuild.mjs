// Bundles three entry points into dist/:
// - extension.js: the thin VS Code layer, loaded at activation (kept small);
// - core.js: the server core, required lazily by the extension on the first start;
// - cli.js: the `ferrox` command, self-contained.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  external: ['vscode'],
  logLevel: 'warning',
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: { extension: 'src/extension/extension.ts', core: 'src/core/index.ts' }, outdir: 'dist' }),
  esbuild.build({ ...common, entryPoints: { cli: 'src/cli.ts' }, outdir: 'dist' }),
]);
