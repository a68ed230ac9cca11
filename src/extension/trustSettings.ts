/** Workspace-trust facts with no vscode import, shared by the extension and its unit tests. */

/**
 * In Restricted Mode VS Code hands Ferrox only the user's own values of these settings, so an
 * untrusted folder cannot expose itself to the network, serve files outside itself, start a
 * server on its own, mount folders outside itself, point TLS at arbitrary files, forward requests to other hosts, or let other
 * sites read its files (CORS), or run a backend command (in Restricted Mode none runs at all,
 * whoever set it: it would run the folder's code). Must match
 * `capabilities.untrustedWorkspaces.restrictedConfigurations` in package.json.
 */
export const RESTRICTED_SETTINGS = [
  'ferrox.root',
  'ferrox.host',
  'ferrox.allowedHosts',
  'ferrox.headers',
  'ferrox.autoStart',
  'ferrox.tls.enabled',
  'ferrox.tls.cert',
  'ferrox.tls.key',
  'ferrox.tls.redirectPort',
  'ferrox.https',
  'ferrox.proxy',
  'ferrox.mount',
  'ferrox.cors',
  'ferrox.trustProxy',
  'ferrox.backend.command',
  'ferrox.backend.url',
];
