import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LIVE_ROUTES } from '../../../src/core/live';

const ROOT = path.resolve(__dirname, '../../../..');
const doc = fs.readFileSync(path.join(ROOT, 'ARCHITECTURE.md'), 'utf8');

describe('ARCHITECTURE.md names what is there, and only that', () => {
  it('every folder of src/core/ has its section, and every folder it draws exists', () => {
    const folders = fs
      .readdirSync(path.join(ROOT, 'src/core'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    for (const f of folders)
      assert.ok(doc.includes(`\`${f}/\``), `src/core/${f}/ is not named (as \`${f}/\`) in ARCHITECTURE.md`);
    const drawn = [...doc.matchAll(/^(\w+)\s+->/gm)].map((m) => m[1]);
    for (const f of drawn)
      assert.ok(folders.includes(f), `the import graph draws ${f}, which is not a folder of src/core/`);
  });

  it("the import graph it draws is lint's table of allowed imports, which names every folder", () => {
    const lint = fs.readFileSync(path.join(ROOT, 'eslint.config.mjs'), 'utf8');
    const table = /const ALLOWED = \{([\s\S]*?)\n\};/.exec(lint)![1];
    const allowed = new Map(
      [...table.matchAll(/^\s*(\w+): \[([^\]]*)\]/gm)].map((m) => [
        m[1],
        [...m[2].matchAll(/'(\w+)'/g)].map((x) => x[1]).sort(),
      ]),
    );
    const folders = fs
      .readdirSync(path.join(ROOT, 'src/core'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    assert.deepEqual([...allowed.keys()].sort(), folders, 'ALLOWED in eslint.config.mjs has one entry per folder');
    const drawn = new Map<string, string[]>();
    for (const m of doc.matchAll(/^([\w, ]+?)\s+->\s+(.*)$/gm)) {
      const targets = m[2].trim() === 'nothing' ? [] : m[2].split(',').map((t) => t.trim());
      for (const f of m[1].split(',')) drawn.set(f.trim(), targets.sort());
    }
    for (const [folder, targets] of allowed)
      assert.deepEqual(drawn.get(folder), targets, `ARCHITECTURE.md draws ${folder}'s imports as lint allows them`);
  });

  it('names every step of the pipeline, in order, and no other', () => {
    const source = fs.readFileSync(path.join(ROOT, 'src/core/pipeline/pipeline.ts'), 'utf8');
    const steps = /const STEPS[^=]*=\s*\[([^\]]*)\]/
      .exec(source)![1]
      .split('\n')
      .map((l) => l.trim().replace(/,$/, ''))
      .filter((l) => /^\w+$/.test(l));
    assert.ok(steps.length >= 10, `${steps.length} steps read`);
    const section = doc.slice(doc.indexOf('## The pipeline, in order'));
    const listed = [...section.slice(0, section.indexOf('\n## ')).matchAll(/\d+\. `(\w+)`/g)].map((m) => m[1]);
    assert.deepEqual(listed, steps, "ARCHITECTURE.md's numbered steps are pipeline.ts's STEPS, in order");
  });

  it('every file it names by its path exists', () => {
    const named = [...doc.matchAll(/`((?:src|test|bench|scripts)\/[\w./-]+|[a-z]+\/[\w/]*\w+\.ts)`/g)].map((m) => m[1]);
    assert.ok(named.length > 10, `${named.length} paths read`);
    for (const p of named) {
      const where = [p, path.join('src/core', p)].find((c) => fs.existsSync(path.join(ROOT, c)));
      assert.ok(where, `ARCHITECTURE.md names ${p}, which is not there`);
    }
  });

  it('every module of the browser client is named, and every one named exists', () => {
    const modules = fs.readdirSync(path.join(ROOT, 'src/client/live')).filter((f) => f.endsWith('.ts'));
    for (const m of modules)
      assert.ok(doc.includes(`\`${m}\``), `src/client/live/${m} is not named in ARCHITECTURE.md`);
    const clientPart = doc.slice(doc.indexOf('The browser side is `src/client/live/`'));
    const named = [...clientPart.slice(0, clientPart.indexOf('\n\n')).matchAll(/`(\w+\.ts)`/g)].map((m) => m[1]);
    for (const m of named) assert.ok(modules.includes(m), `ARCHITECTURE.md names src/client/live/${m}, which is gone`);
  });

  it('every route under /__ferrox/ is named, and every one named exists', () => {
    for (const [name, route] of Object.entries(LIVE_ROUTES)) {
      if (name === 'prefix') continue;
      assert.ok(doc.includes(`\`${route}\``), `the route ${route} (ROUTES.${name}) is not named in ARCHITECTURE.md`);
    }
    const routes = Object.values(LIVE_ROUTES) as string[];
    for (const m of doc.matchAll(/`(\/__ferrox\/[\w.]+)`/g))
      assert.ok(routes.includes(m[1]), `ARCHITECTURE.md names the route ${m[1]}, which is not in ROUTES`);
  });
});
