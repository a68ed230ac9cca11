import * as vscode from 'vscode';
import type { OptionName, ServerOptions } from '../../core';
import { loadCore } from '../coreLoader';
import { expandPath } from './settingNames';

export type OpenOnStart = 'browser' | 'preview' | 'none';

/** Everything the extension reads for one served folder. */
export interface FolderSettings {
  options: ServerOptions;
  accessLog: boolean;
  accessLogFormat: 'dev' | 'combined';
  openOnStart: OpenOnStart;
  autoStart: boolean;
  /** Serve unsaved HTML/CSS text and update browsers as the user types. */
  liveOnType: boolean;
  /** Serve HTTPS with the user's local CA (ferrox.https, when no TLS files are set). */
  localHttps: boolean;
  /** Workspace values that were ignored because only the user may set them (logged, not errors). */
  ignored: string[];
  /** Share on the network with an access token (user-level ferrox.share, or the session's choice). */
  share: boolean;
  /** Problems found here, each naming the setting; the core adds its own when it validates. */
  problems: string[];
  /**
   * Where ferrox.backend.command came from: the user's own settings, or the workspace's (which
   * runs only once the user allows it). Undefined when none runs.
   */
  backendFrom?: 'user' | 'workspace';
  /** Why a backend command is not run (Restricted Mode). */
  backendRefused?: string;
}

/** Per-session choices made through "Ferrox: Reconfigure"; never written to settings. */
export interface SessionOverrides {
  port?: number;
  root?: string;
  /** Set by "Try Next Free Port": the ports after the configured one are tried too. */
  portFallback?: number;
  /**
   * Set by "Share on Network…" and "Stop Sharing" over the user's ferrox.share, while the server
   * runs: a stopped server that is served again is back to ferrox.share (never shared unasked).
   */
  share?: boolean;
  /** Set by "Toggle Synced Browsing" over ferrox.sync while the server runs, like `share`. */
  sync?: boolean;
}

/**
 * Options whose settings are read one by one below (paths to expand, empty values that mean
 * none, session overrides) or with others (TLS, the backend command and who set it).
 */
const READ_BELOW = new Set<OptionName>([
  'root',
  'port',
  'sync',
  'proxy',
  'backend',
  'backendUrl',
  'static',
  'mount',
  'watch',
  'tls',
  'redirectPort',
  'cleanUrls',
  'shareAddress',
]);

function isSet(
  i: { globalValue?: unknown; workspaceValue?: unknown; workspaceFolderValue?: unknown } | undefined,
): boolean {
  return (
    i !== undefined &&
    (i.globalValue !== undefined || i.workspaceValue !== undefined || i.workspaceFolderValue !== undefined)
  );
}

/** Reads `ferrox.*` for a workspace folder. Values keep their raw types: the core validates them. */
export function readFolderSettings(folder: vscode.WorkspaceFolder, overrides: SessionOverrides = {}): FolderSettings {
  const c = vscode.workspace.getConfiguration('ferrox', folder.uri);
  const base = folder.uri.fsPath;
  const problems: string[] = [];
  const ignored: string[] = [];
  const get = <T>(key: string): T | undefined => c.get<T>(key);

  const root = overrides.root ?? stringSetting(get('root'), 'root', problems) ?? '';
  const options: ServerOptions = { root: expandPath(root === '' ? '.' : root, base) };
  // Every option that has a setting is read from it as it is (the core checks the value); a
  // setting only the user may set is read from the user's settings alone.
  for (const [name, d] of loadCore().declaredOptions()) {
    if (!d.setting || READ_BELOW.has(name)) continue;
    (options as unknown as Record<string, unknown>)[name] =
      d.setting.scope === 'user' ? userValue(c, d.setting.name, ignored) : get(d.setting.name);
  }
  // The port nobody set is the core's default, which moves on to the next free one when busy.
  options.port = overrides.port ?? (isSet(c.inspect('port')) ? get('port') : undefined);
  options.portFallback = overrides.portFallback;
  options.sync = overrides.sync ?? get('sync');
  // Set or not: a host's file (vercel.json's cleanUrls) applies only where the user said nothing.
  options.cleanUrls = isSet(c.inspect('cleanUrls')) ? get('cleanUrls') : undefined;
  // Empty means the first Wi-Fi or Ethernet address.
  options.shareAddress = nonEmpty(userValue(c, 'share.address', ignored));
  options.proxy = proxySetting(get('proxy'));
  options.backendUrl = nonEmpty(get('backend.url'));
  options.static = nonEmptyList(get('backend.static'));
  options.mount = mountSetting(get('mount'), base);
  options.watch = nonEmptyList(get<unknown[]>('watch'))?.map((w) =>
    typeof w === 'string' ? expandPath(w, base) : w,
  ) as string[] | undefined;
  // The hosts' files are the workspace's own: their proxy rules reach other hosts and their headers
  // could open the files to other sites (CORS). In Restricted Mode only the user's own "true" reads them.
  if (!vscode.workspace.isTrusted && c.inspect<boolean>('hostConfig')?.globalValue !== true) options.hostConfig = false;
  const backend = backendSetting(c);
  let backendRefused: string | undefined;
  if (backend && !vscode.workspace.isTrusted) {
    // A backend runs the folder's code (its PHP, its app.py): never in Restricted Mode, like tasks.
    backendRefused = `ferrox.backend.command is not run in Restricted Mode: "${backend.command}" would run this folder's code. Trust the workspace to run it.`;
  } else if (backend) {
    options.backend = backend.command;
  }
  if (get<boolean>('tls.enabled') === true) {
    const cert = stringSetting(get('tls.cert'), 'tls.cert', problems);
    const key = stringSetting(get('tls.key'), 'tls.key', problems);
    if (!cert) problems.push('ferrox.tls.cert must name a PEM certificate file when ferrox.tls.enabled is on');
    if (!key) problems.push('ferrox.tls.key must name a PEM private key file when ferrox.tls.enabled is on');
    if (cert && key) options.tls = { cert: expandPath(cert, base), key: expandPath(key, base) };
    const redirect = get<number | null>('tls.redirectPort');
    if (redirect !== null && redirect !== undefined) options.redirectPort = redirect;
  }
  const logFormat = get<string>('accessLog.format') ?? 'dev';
  if (logFormat !== 'dev' && logFormat !== 'combined')
    problems.push(`ferrox.accessLog.format must be "dev" or "combined", got ${JSON.stringify(logFormat)}`);
  const openOnStart = get<string>('openOnStart') ?? 'browser';
  if (!['browser', 'preview', 'none'].includes(openOnStart))
    problems.push(`ferrox.openOnStart must be "browser", "preview" or "none", got ${JSON.stringify(openOnStart)}`);
  return {
    options,
    accessLog: get<boolean>('accessLog.enabled') !== false,
    accessLogFormat: logFormat === 'combined' ? 'combined' : 'dev',
    openOnStart: openOnStart === 'none' || openOnStart === 'preview' ? openOnStart : 'browser',
    autoStart: get<boolean>('autoStart') === true,
    liveOnType: get<boolean>('liveReload.enabled') !== false && get<boolean>('liveReload.onType') !== false,
    localHttps: get<boolean>('https') === true && options.tls === undefined,
    ignored,
    share: overrides.share ?? userValue<boolean>(c, 'share', ignored) === true,
    problems,
    backendFrom: options.backend !== undefined ? backend?.from : undefined,
    backendRefused,
  };
}

/** ferrox.backend.command and where it was set: a workspace or folder value wins over the user's. */
function backendSetting(c: vscode.WorkspaceConfiguration): { command: string; from: 'user' | 'workspace' } | undefined {
  const i = c.inspect<unknown>('backend.command');
  const workspace = nonEmpty(i?.workspaceFolderValue ?? i?.workspaceValue);
  if (workspace !== undefined) return { command: workspace, from: 'workspace' };
  const user = nonEmpty(i?.globalValue);
  return user === undefined ? undefined : { command: user, from: 'user' };
}

/** ferrox.mount: folders relative to the workspace folder; anything not a map goes to the core as is, to be named. */
function mountSetting(value: unknown, base: string): ServerOptions['mount'] {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return value as ServerOptions['mount'];
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return undefined;
  return Object.fromEntries(
    entries.map(([prefix, dir]) => [
      prefix,
      typeof dir === 'string' && dir.trim() !== '' ? expandPath(dir, base) : dir,
    ]),
  ) as ServerOptions['mount'];
}

/** "" (the default) is none; anything else goes to the core, which says what is wrong with it. */
function nonEmpty(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' && value.trim() === '' ? undefined : (value as string);
}

function nonEmptyList<T>(value: T[] | undefined): T[] | undefined {
  return Array.isArray(value) && value.length === 0 ? undefined : value;
}

/**
 * A setting that could expose the machine to the network is taken from the user's own settings
 * only, in every trust state: a cloned repository must never open the machine to the LAN.
 * Workspace and folder values are noted in `ignored`.
 */
function userValue<T>(c: vscode.WorkspaceConfiguration, key: string, ignored: string[]): T | undefined {
  const i = c.inspect<T>(key);
  if (i?.workspaceValue !== undefined || i?.workspaceFolderValue !== undefined) ignored.push(`ferrox.${key}`);
  return i?.globalValue;
}

/** An empty object (the default) is no rules; anything else goes to the core, which names each bad entry. */
function proxySetting(value: unknown): ServerOptions['proxy'] {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) return undefined;
  return value as ServerOptions['proxy'];
}

function stringSetting(value: unknown, name: string, problems: string[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    problems.push(`ferrox.${name} must be a path, got ${JSON.stringify(value)}`);
    return undefined;
  }
  return value.trim();
}
