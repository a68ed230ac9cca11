// How long rendering a Markdown file as a page holds the event loop (it runs on it): for files of
// prose and code, and of the same heading repeated (a long changelog's "### Added"), by size.
// The server renders files up to 1 MB and sends larger ones as text.
//
//   npm run bench:markdown
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { renderMarkdownPage } = createRequire(import.meta.url)(path.join(repo, 'dist/markdown-bundle.js'));

const KINDS = {
  'prose and code': 'Some *text* with [a link](x.md) and `code`.\n\n```js\nconst a = 1; // a comment\n```\n\n',
  'repeated headings': '### Added\n\n- an entry\n\n',
};
const SIZES_KB = [64, 256, 1024];

console.log(`Markdown rendered as a page, median of 5, node ${process.version}\n`);
console.log('| file | ' + SIZES_KB.map((kb) => `${kb} KB`).join(' | ') + ' |');
console.log('| --- |' + SIZES_KB.map(() => ' ---: |').join(''));
for (const [name, unit] of Object.entries(KINDS)) {
  const cells = SIZES_KB.map((kb) => {
    const source = unit.repeat(Math.ceil((kb * 1024) / unit.length));
    const times = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      renderMarkdownPage(source, 'bench.md');
      times.push(performance.now() - t0);
    }
    return `${times.sort((a, b) => a - b)[2].toFixed(0)} ms`;
  });
  console.log(`| ${name} | ${cells.join(' | ')} |`);
}
