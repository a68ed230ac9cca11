import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Keybinding {
  command: string;
  key: string;
  mac?: string;
  when?: string;
}

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as {
  contributes: { keybindings: Keybinding[]; commands: { command: string }[] };
};

describe('extension keybindings', () => {
  const bindings = manifest.contributes.keybindings;

  it('start and stop, open in the browser and preview, on every platform, for commands that exist', () => {
    const commands = new Set(manifest.contributes.commands.map((c) => c.command));
    assert.deepEqual(
      bindings.map((b) => b.command),
      ['ferrox.toggle', 'ferrox.openInBrowser', 'ferrox.preview'],
    );
    for (const b of bindings) {
      assert.ok(commands.has(b.command), `${b.command} is a command`);
      assert.ok(b.mac, `${b.command} has a macOS key`);
    }
  });

  it("clash with neither Live Server's Alt+L chords, nor a menu's Alt mnemonic, nor typed characters on macOS", () => {
    // The workbench's menu bar mnemonics (Windows, Linux): File, Edit, Selection, View, Go, Run, Terminal, Help.
    const mnemonics = new Set(['f', 'e', 's', 'v', 'g', 'r', 't', 'h']);
    for (const b of bindings) {
      const first = b.key.split(' ')[0];
      assert.notEqual(first, 'alt+l', `${b.key}: Live Server starts its chords with Alt+L`);
      const m = /^alt\+([a-z])$/.exec(first);
      assert.ok(m && !mnemonics.has(m[1]), `${b.key} starts with Alt and a letter no menu uses`);
      // Option+letter types a character on macOS (Option+L is @ on German keyboards): Ctrl is held too.
      for (const part of b.mac!.split(' ')) assert.match(part, /^ctrl\+alt\+[a-z]$/, `${b.mac}`);
    }
  });
});
