/** Workspace-trust facts with no vscode import, shared by the extension and its unit tests. */
import type { OptionDeclaration } from '../../core';
import { EDITOR_SETTINGS } from './settingNames';

/** This extension's id (package.json's publisher and name), to read its own manifest. */
export const EXTENSION_ID = 'serve-folder.serve-folder';

/**
 * In Restricted Mode VS Code hands Ferrox only the user's own values of these settings, so an
 * untrusted folder cannot expose itself to the network, serve files outside itself, start a
 * server on its own, mount folders outside itself, point TLS at arbitrary files, forward requests
 * to other hosts, let other sites read its files (CORS), or run a backend command (in Restricted
 * Mode none runs at all, whoever set it: it would run the folder's code). Made from the settings'
 * scopes ("trusted" and "user") and the options' declarations (the core's, passed in: this file
 * loads no core); test/unit/extension/settings.test.ts holds package.json's
 * `capabilities.untrustedWorkspaces.restrictedConfigurations` to it.
 */
export function restrictedSettings(declared: readonly [string, OptionDeclaration<unknown>][]): string[] {
  return [
    ...declared.flatMap(([, d]) => (d.setting && d.setting.scope !== 'workspace' ? [d.setting.name] : [])),
    ...Object.entries(EDITOR_SETTINGS).flatMap(([name, scope]) => (scope !== 'workspace' ? [name] : [])),
  ].map((name) => `ferrox.${name}`);
}
