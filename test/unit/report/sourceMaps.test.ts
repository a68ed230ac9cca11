import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { originalPosition } from '../../../src/core/report';
import { sourceFile } from '../../../src/core/report/sourceMaps';

const SOURCE = `// app.ts: the original
export function start(n: number): number {
  if (n > 1) throw new Error('boom from the original');
  return n;
}
start(2);
`;

/** Line and column (1-based) of `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const before = text.slice(0, text.indexOf(needle)).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

describe('source maps (bundled files mapped to their original source)', () => {
  let base: string;
  let root: string;

  beforeEach(() => {
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-maps-')));
    root = path.join(base, 'dist');
    fs.mkdirSync(path.join(base, 'src'));
    fs.writeFileSync(path.join(base, 'src', 'app.ts'), SOURCE);
  });
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

  for (const sourcemap of ['linked', 'inline'] as const) {
    it(`maps a position in an esbuild bundle to the .ts beside the served folder (${sourcemap} map)`, async () => {
      buildSync({
        entryPoints: [path.join(base, 'src', 'app.ts')],
        bundle: true,
        outfile: path.join(root, 'app.js'),
        sourcemap,
        logLevel: 'silent',
      });
      const bundle = fs.readFileSync(path.join(root, 'app.js'), 'utf8');
      const at = positionOf(bundle, 'throw new Error');
      const original = await originalPosition(root, path.join(root, 'app.js'), at.line, at.column, [root, base]);
      assert.deepEqual(original, {
        source: '../src/app.ts',
        file: path.join(base, 'src', 'app.ts'),
        line: 3,
        column: positionOf(SOURCE, 'throw').column,
      });
      const servedOnly = await originalPosition(root, path.join(root, 'app.js'), at.line, at.column);
      assert.deepEqual(
        servedOnly,
        { source: '../src/app.ts', line: 3, column: positionOf(SOURCE, 'throw').column },
        'outside the folders sources may be in: named, never located',
      );
    });
  }

  it('locates a source only inside the given folders, never through a link out of them, never a network path (POSIX and Windows)', async () => {
    const table: [string, string, readonly string[], string | undefined][] = [
      ['/p/dist/app.js.map', '../src/app.ts', ['/p'], '/p/src/app.ts'],
      ['/p/dist/app.js.map', '../../etc/passwd', ['/p'], undefined],
      ['/p/dist/app.js.map', '/etc/passwd', ['/p'], undefined],
      ['/p/dist/app.js.map', 'file:///p/src/a.ts', ['/p'], '/p/src/a.ts'],
      ['/p/dist/app.js.map', 'file://host/p/src/a.ts', ['/p'], undefined],
      ['/p/dist/app.js.map', '//host/share/a.ts', ['/'], undefined],
      ['/p/dist/app.js.map', 'webpack://app/./src/a.ts', ['/p'], undefined],
      ['/p/dist/app.js.map', 'file:///p/%E0%A4', ['/p'], undefined],
      ['C:\\p\\dist\\app.js.map', '../src/app.ts', ['C:\\p'], 'C:\\p\\src\\app.ts'],
      ['C:\\p\\dist\\app.js.map', '//host/share/x.ts', ['C:\\p'], undefined],
      ['C:\\p\\dist\\app.js.map', '\\\\host\\share\\x.ts', ['C:\\p'], undefined],
      ['C:\\p\\dist\\app.js.map', '/\\host\\share\\x.ts', ['C:\\p'], undefined],
      ['C:\\p\\dist\\app.js.map', 'file://host/share/x.ts', ['C:\\p'], undefined],
      ['C:\\p\\dist\\app.js.map', 'file:///C:/p/src/a.ts', ['C:\\p'], 'C:\\p\\src\\a.ts'],
      ['C:\\p\\dist\\app.js.map', 'C:/Windows/win.ini', ['C:\\p'], undefined],
      ['C:\\p\\dist\\app.js.map', 'D:\\p\\src\\a.ts', ['C:\\p'], undefined],
      ['\\\\server\\share\\site\\app.js.map', '../../other/x.ts', ['\\\\server\\share\\site'], undefined],
    ];
    for (const [mapPath, source, within, expected] of table) {
      const paths = mapPath.includes('\\') ? path.win32 : path.posix;
      assert.equal(sourceFile(mapPath, source, within, paths), expected, `${mapPath} + ${source}`);
    }
    // A link inside the workspace that leads out of it: named, not located.
    fs.mkdirSync(root);
    fs.mkdirSync(path.join(base, 'outside'));
    fs.writeFileSync(path.join(base, 'outside', 'secret.ts'), 'x');
    fs.symlinkSync(path.join(base, 'outside'), path.join(root, 'linked'));
    fs.writeFileSync(path.join(root, 'app.js'), 'x;\n//# sourceMappingURL=app.js.map\n');
    fs.writeFileSync(
      path.join(root, 'app.js.map'),
      JSON.stringify({ version: 3, sources: ['linked/secret.ts'], names: [], mappings: 'AAAA' }),
    );
    assert.deepEqual(await originalPosition(root, path.join(root, 'app.js'), 1, 1), {
      source: 'linked/secret.ts',
      line: 1,
      column: 1,
    });
  });

  it('reads no map outside the served folder, and says nothing without a map', async () => {
    buildSync({
      entryPoints: [path.join(base, 'src', 'app.ts')],
      bundle: true,
      outfile: path.join(base, 'outside', 'app.js'),
      sourcemap: 'external',
      logLevel: 'silent',
    });
    fs.mkdirSync(root);
    fs.writeFileSync(
      path.join(root, 'app.js'),
      fs.readFileSync(path.join(base, 'outside', 'app.js'), 'utf8') + '\n//# sourceMappingURL=../outside/app.js.map\n',
    );
    assert.equal(
      await originalPosition(root, path.join(root, 'app.js'), 3, 1),
      undefined,
      'the map is outside the root',
    );
    fs.writeFileSync(path.join(root, 'plain.js'), 'throw new Error("x");\n');
    assert.equal(await originalPosition(root, path.join(root, 'plain.js'), 1, 1), undefined);
  });
});
