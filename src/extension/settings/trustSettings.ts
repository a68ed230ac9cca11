/** Workspace-trust facts with no vscode import, shared by the extension and its unit tests. */
import { declaredOptions } from '../../core';
import { EDITOR_SETTINGS } from './settingNames';

/**
 * In Restricted Mode VS Code hands Ferrox only the user's own values of these settings, so an
 * untrusted folder cannot expose itself to the network, serve files outside itself, start a
 * server on its own, mount folders outside itself, point TLS at arbitrary files, forward requests
 * to other hosts, let other sites read its files (CORS), or run a backend command (in Restricted
 * Mode none runs at all, whoever set it: it would run the folder's code). Made from the settings'
 * scopes ("trusted" and "user"); must match
 * `capabilities.untrustedWorkspaces.restrictedConfigurations` in package.json.
 */
export const RESTRICTED_SETTINGS: readonly string[] = [
  ...declaredOptions().flatMap(([, d]) => (d.setting && d.setting.scope !== 'workspace' ? [d.setting.name] : [])),
  ...Object.entries(EDITOR_SETTINGS).flatMap(([name, scope]) => (scope !== 'workspace' ? [name] : [])),
].map((name) => `ferrox.${name}`);
