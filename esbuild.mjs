// Bundles the entry points into dist/:
// - extension.js: the thin VS Code layer, loaded at activation (kept small);
// - core.js: the server core, required lazily by the extension on the first start;
// - cli.js: the `ferrox` command, self-contained;
// - ferrox-live.js: the browser side of live reload (src/client/live/), with its three-way merge;
// - preview.js: the script of the editor's preview panel (src/client/preview/), in its webview;
// - x509-bundle.js: the X.509 library, loaded by core.js and cli.js only for local-CA HTTPS;
// - markdown-bundle.js: markdown-it and highlight.js, loaded on the first Markdown page rendered;
// - mcp-bundle.js: the Model Context Protocol's SDK, loaded by the core on the first request to
//   `--mcp`'s endpoint (the CLI's; the extension's agents use VS Code's own tools, so the VSIX leaves it out);
// - backend-guard.js: the small process that runs a backend command and ends its process group.
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
  // @parcel/watcher is a native addon with a prebuilt binary per platform: loaded from node_modules
  // by the CLI, left out of the VSIX (the extension hears changes from VS Code's own watcher).
  external: ['vscode', '@parcel/watcher'],
  logLevel: 'warning',
};

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: { extension: 'src/extension/extension.ts', core: 'src/core/index.ts' },
    outdir: 'dist',
  }),
  esbuild.build({ ...common, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist' }),
  esbuild.build({ ...common, entryPoints: { 'x509-bundle': 'src/core/certs/x509Bundle.ts' }, outdir: 'dist' }),
  esbuild.build({ ...common, entryPoints: { 'markdown-bundle': 'src/core/markdown/render.ts' }, outdir: 'dist' }),
  esbuild.build({ ...common, entryPoints: { 'mcp-bundle': 'src/core/agents/mcpBundle.ts' }, outdir: 'dist' }),
  esbuild.build({ ...common, entryPoints: { 'backend-guard': 'src/core/backend/guard.ts' }, outdir: 'dist' }),
  esbuild.build({
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    sourcemap: false,
    minify: true,
    entryPoints: { 'ferrox-live': 'src/client/live/index.ts', preview: 'src/client/preview/index.ts' },
    outdir: 'dist',
  }),
]);
