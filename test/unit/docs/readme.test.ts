import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCli } from '../../../src/cli/args';

const README = fs.readFileSync(path.resolve(__dirname, '../../../../README.md'), 'utf8');

describe('README', () => {
  it('leads with a one-screen quick tour (serve, live, backend, share, phone), whose commands the CLI takes', () => {
    const tour = README.slice(README.indexOf('## Quick tour'), README.indexOf('## Quick start'));
    assert.equal(/^## .*/m.exec(README)?.[0], '## Quick tour', 'the first section');
    const lines = tour.trimEnd().split('\n').length;
    assert.ok(lines <= 40, `one screen: ${lines} lines`);
    const commands = [...tour.matchAll(/npm start -- (.+?)\s*(?:#.*)?$/gm)].map((m) => m[1]);
    assert.ok(commands.length >= 5, commands.join('\n'));
    for (const command of commands) {
      // The tour's commands parse as the CLI reads them (quotes as a shell splits them).
      const argv = [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
      assert.doesNotThrow(() => parseCli(argv), command);
    }
    for (const topic of ['--live', '--backend', '--share', '--https', 'npm test'])
      assert.ok(tour.includes(topic), topic);
  });
});
