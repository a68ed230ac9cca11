import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NEGATED, PARSER_OPTIONS, parseCli } from '../../../src/cli/args';
import { nameFlags } from '../../../src/cli/optionFlags';
import { CLI_FLAGS, USAGE } from '../../../src/cli/usage';
import {
  declaredOptions,
  DEFAULT_OPTIONS,
  resolveOptions,
  type ResolvedOptions,
  type ServerOptions,
} from '../../../src/core';
import { needsRebind } from '../../../src/core/config';
import { EDITOR_SETTINGS, nameSettings as nameSettingsOf } from '../../../src/extension/settings/settingNames';

const nameSettings = (problem: string) => nameSettingsOf(problem, declaredOptions());

/*
 * One declaration per option (src/core/config/declarations.ts). The compiler refuses an option of
 * ServerOptions that has no declaration; these tests name each other place a new option could be
 * missing from: the CLI's parser, its --help, README's two tables, package.json's settings and
 * their defaults, and the messages that name flags and settings.
 */

const repo = path.join(__dirname, '..', '..', '..', '..');
const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const manifest = require('../../../../package.json') as {
  contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
};
const contributed = manifest.contributes.configuration.properties;

const flagName = (usage: string): string => usage.split(' ')[0];
const declaredFlags = (): { option: string; flag: string }[] =>
  declaredOptions().flatMap(([option, d]) => [
    ...(d.flag ? [{ option, flag: flagName(d.flag.usage) }] : []),
    ...Object.values(d.parts ?? {}).map((p) => ({ option, flag: p.flag })),
  ]);
const declaredSettings = (): { option: string; setting: string }[] =>
  declaredOptions().flatMap(([option, d]) => [
    ...(d.setting ? [{ option, setting: d.setting.name }] : []),
    ...Object.values(d.parts ?? {}).map((p) => ({ option, setting: p.setting })),
  ]);

/** A value of the shape each placeholder stands for: the parser only passes it on. */
const EXAMPLE: Record<string, string> = {
  HOST: 'localhost',
  N: '3000',
  FILE: 'x.pem',
  '"Name:': 'X-A: b',
  '/PREFIX=DIR': '/vendor=vendor',
  '/PREFIX=URL': '/api=http://127.0.0.1:3000',
  '/PREFIX': '/assets',
  '"CMD"': 'php -S 127.0.0.1:{port}',
  URL: 'http://127.0.0.1:3000',
  DIR: 'templates',
  GLOB: '*.log',
  MODE: 'all',
  '[MODE]': 'credentialless',
  '[MS]': '700',
  'a,b': 'x.test',
};
/** Flags that the parser takes only beside another. */
const COMPANION: Record<string, string[]> = {
  '--static': ['--backend-url', 'http://127.0.0.1:3000'],
  '--watch': ['--live'],
  '--tls-cert': ['--tls-key', 'k.pem'],
  '--tls-key': ['--tls-cert', 'c.pem'],
};

describe('one declaration per option', () => {
  it('every declared flag is one the parser knows, and every flag the parser knows is declared', () => {
    const parsed = new Set(
      Object.keys(PARSER_OPTIONS).flatMap((n) => (NEGATED.has(n) ? [`--${n}`, `--no-${n}`] : [`--${n}`])),
    );
    for (const { option, flag } of declaredFlags())
      assert.ok(parsed.has(flag), `${option}: src/cli/args.ts parses ${flag}`);
    const known = new Set([...declaredFlags().map((f) => f.flag), ...CLI_FLAGS.map((f) => flagName(f.usage))]);
    for (const name of Object.keys(PARSER_OPTIONS)) {
      const said = NEGATED.has(name) ? [`--${name}`, `--no-${name}`] : [`--${name}`];
      assert.ok(
        said.some((f) => known.has(f)),
        `${said.join(' or ')} is declared (an option's flag in declarations.ts, or CLI_FLAGS in src/cli/usage.ts)`,
      );
    }
  });

  it('every option with a flag reaches the core from the command line', () => {
    for (const [option, d] of declaredOptions()) {
      if (!d.flag) continue;
      const [flag, placeholder] = d.flag.usage.split(' ');
      const args = placeholder === undefined ? [flag] : [flag, EXAMPLE[placeholder] ?? assert.fail(`${placeholder}?`)];
      const command = parseCli([...args, ...(COMPANION[flag] ?? []), 'site']);
      assert.equal(command.kind, 'serve');
      const options = command.kind === 'serve' ? command.options : ({} as ServerOptions);
      assert.notEqual(options[option as keyof ServerOptions], undefined, `${flag} sets ${option} (src/cli/args.ts)`);
    }
  });

  it('--help and README name every flag; README names every setting', () => {
    for (const { option, flag } of declaredFlags()) {
      assert.ok(USAGE.includes(flag), `--help shows ${flag} (${option})`);
      assert.ok(readme.includes(`\`${flag}`), `README's table of flags has ${flag} (${option})`);
    }
    for (const f of CLI_FLAGS) assert.ok(readme.includes(`\`${flagName(f.usage)}`), `README has ${f.usage}`);
    for (const { option, setting } of declaredSettings())
      assert.ok(
        readme.includes(`\`ferrox.${setting}\``),
        `README's table of settings has ferrox.${setting} (${option})`,
      );
    for (const setting of Object.keys(EDITOR_SETTINGS))
      assert.ok(readme.includes(`\`ferrox.${setting}\``), `README's table of settings has ferrox.${setting}`);
  });

  it('package.json contributes every declared setting with the core default, and no setting undeclared', () => {
    for (const [option, d] of declaredOptions()) {
      if (!d.setting) continue;
      const name = `ferrox.${d.setting.name}`;
      assert.ok(contributed[name], `package.json contributes ${name} (${option})`);
      if (d.setting.editorDefault) assert.deepEqual(contributed[name].default, d.setting.editorDefault.value, name);
      else if ('default' in d) assert.deepEqual(contributed[name].default, d.default, `${name}: the core's default`);
    }
    const declared = new Set([
      ...declaredSettings().map((s) => `ferrox.${s.setting}`),
      ...Object.keys(EDITOR_SETTINGS).map((s) => `ferrox.${s}`),
    ]);
    for (const name of Object.keys(contributed))
      assert.ok(declared.has(name), `${name} is declared (an option's setting, or EDITOR_SETTINGS)`);
  });

  it("the core's messages name each option's flag and setting", () => {
    for (const { option, flag } of declaredFlags().filter((f) => !f.option.includes('.'))) {
      if (option === 'tls') continue; // said as tls.cert and tls.key, below
      assert.equal(nameFlags(`${option} must be x`), `${flag} must be x`);
    }
    assert.equal(nameFlags('tls.key must be x'), '--tls-key must be x');
    for (const { option, setting } of declaredSettings()) {
      if (option === 'tls') continue;
      assert.equal(nameSettings(`${option} must be x`), `ferrox.${setting} must be x`);
    }
    assert.equal(nameSettings('tls.key must be x'), 'ferrox.tls.key must be x');
  });

  it('defaults, checks and the rebind rule come from the declarations', () => {
    for (const [option, d] of declaredOptions()) {
      if ('default' in d && typeof d.default !== 'object')
        assert.equal((DEFAULT_OPTIONS as Record<string, unknown>)[option], d.default, option);
      // Each option refuses a value of the wrong kind, naming itself.
      let problems: readonly string[] = [];
      try {
        resolveOptions({ root: 'site', [option]: Symbol('bad') } as unknown as ServerOptions);
      } catch (err) {
        problems = (err as { problems: readonly string[] }).problems ?? [];
      }
      assert.ok(
        problems.some((p) => p.startsWith(option)),
        `${option}'s check refuses a symbol: ${problems.join('; ')}`,
      );
    }
    const a = resolveOptions({ root: 'site', port: 0 });
    const changed = (o: Partial<ResolvedOptions>) => needsRebind(a, { ...a, ...o });
    assert.equal(changed({ host: '0.0.0.0' }), true);
    assert.equal(changed({ http2: false }), true);
    assert.equal(changed({ spa: true }), false);
    assert.equal(changed({ keepAliveTimeoutMs: 1 }), false);
  });

  it('a port nobody gave moves on when busy; a port given is kept (the same for both fronts)', () => {
    assert.equal(resolveOptions({ root: 'site' }).portFallback, 20);
    assert.equal(resolveOptions({ root: 'site', port: 9000 }).portFallback, 0);
    assert.equal(resolveOptions({ root: 'site', port: 9000, portFallback: 5 }).portFallback, 5);
  });
});
