/** Setting helpers with no vscode import, so unit tests can run them in plain Node. */
import * as os from 'node:os';
import * as path from 'node:path';
import type { OptionDeclaration, SettingScope } from '../../core';

/**
 * The settings of the extension's own, which set no server option (or set it another way, as
 * ferrox.https and ferrox.share do), and who may set them (see SettingScope). The server's
 * options' settings come from their declarations (OPTION_DECLARATIONS).
 */
export const EDITOR_SETTINGS: Readonly<Record<string, SettingScope>> = {
  share: 'user',
  https: 'trusted',
  'tls.enabled': 'trusted',
  'tls.key': 'trusted',
  autoStart: 'trusted',
  'accessLog.enabled': 'workspace',
  'accessLog.format': 'workspace',
  openOnStart: 'workspace',
  'liveReload.onType': 'workspace',
  'preview.highlight': 'workspace',
  'preview.followEditor': 'workspace',
  'preview.target': 'workspace',
  'browser.followEditor': 'workspace',
  // An application setting (package.json): VS Code takes it from the user's settings alone.
  'browser.command': 'user',
};

/** Core option names and the settings they come from, for messages users can act on. */
function settingForOption(declared: readonly [string, OptionDeclaration<unknown>][]): Record<string, string> {
  return Object.fromEntries(
    declared.flatMap(([name, d]) => [
      ...(d.setting ? [[name, d.setting.name]] : []),
      ...Object.entries(d.parts ?? {}).map(([part, names]) => [part, names.setting]),
    ]),
  );
}

/** Rewrites a core validation message so it names `ferrox.*` settings instead of option names. */
/**
 * `declared`: the options' declarations (the core's `declaredOptions()`, passed in: this file
 * loads no core, so the extension's bundle stays small).
 */
export function nameSettings(problem: string, declared: readonly [string, OptionDeclaration<unknown>][]): string {
  const SETTING_FOR_OPTION = settingForOption(declared);
  // Option names appear at the start of a message, before " (value)", or as tls.cert / tls.key;
  // elsewhere the same words are prose ("a host name") and stay as they are.
  return problem.replace(
    /(^|\b)(tls\.cert|tls\.key|[a-zA-Z][a-zA-Z0-9]*)(?=( \(|\b))/g,
    (word, lead: string, name: string, after: string, offset: number) => {
      const setting = SETTING_FOR_OPTION[name];
      const isName = offset === 0 || after === ' (' || name.startsWith('tls.');
      return setting && isName ? `${lead}ferrox.${setting}` : word;
    },
  );
}

/** Expands `${workspaceFolder}` and `~`, and resolves a relative path against the folder. */
export function expandPath(value: string, folder: string): string {
  let p = value.replace(/\$\{workspaceFolder\}/g, folder);
  if (p === '~' || p.startsWith('~/') || p.startsWith('~\\')) p = path.join(os.homedir(), p.slice(1));
  return path.resolve(folder, p);
}
