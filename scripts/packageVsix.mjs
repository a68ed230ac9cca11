// Packages the VSIX (`npm run package`). The package carries the user's README, docs/EXTENSION.md
// (what the extension does and how to use it), not the repository's (the CLI, development set-up,
// benchmarks). VS Code's extension details page shows a README in a
// webview whose policy allows only https: and data: images, so a relative image (docs/x.png) never
// loads there, even when the file is in the package. Without a public repository to point
// https URLs at, the README that goes into the VSIX carries its images inline, as data: URIs;
// the repository's README keeps its relative links for GitHub and editors.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TYPES = { '.png': 'image/png', '.webp': 'image/webp', '.svg': 'image/svg+xml', '.gif': 'image/gif' };

/** The README that goes into the package, relative to the repository. */
export const USER_README = 'docs/EXTENSION.md';

/** `markdown` with every local image (relative to `base`) inlined; throws for one that is missing. */
export function readmeWithInlineImages(markdown, base = path.join(repo, path.dirname(USER_README))) {
  return markdown.replace(/!\[([^\]]*)\]\(((?!https?:|data:)[^)\s]+)\)/g, (_m, alt, src) => {
    const file = path.join(base, src);
    const type = TYPES[path.extname(file).toLowerCase()];
    if (!type || !fs.existsSync(file)) throw new Error(`README image ${src} is missing or not an image`);
    return `![${alt}](data:${type};base64,${fs.readFileSync(file).toString('base64')})`;
  });
}

/** Writes the VSIX to `out` (runs the production build through vsce's prepublish step). */
export function packageVsix(out, stdio = 'inherit') {
  const readme = path.join(repo, 'dist', 'README.vsix.md');
  fs.mkdirSync(path.dirname(readme), { recursive: true });
  fs.writeFileSync(readme, readmeWithInlineImages(fs.readFileSync(path.join(repo, USER_README), 'utf8')));
  execFileSync(
    path.join(repo, 'node_modules/.bin/vsce'),
    [
      'package',
      '--no-dependencies',
      '--no-rewrite-relative-links',
      '--readme-path',
      path.relative(repo, readme),
      '--out',
      out,
    ],
    { cwd: repo, stdio },
  );
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  packageVsix(path.resolve(repo, process.argv[2] ?? 'serve-folder.vsix'));
}
