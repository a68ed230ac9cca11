import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import * as vscode from 'vscode';
import type {
  BackendState,
  ConnectedPage,
  ElementPath,
  FerroxServer,
  ReportedMessage,
  RevealEvent,
  ServerAddress,
  ServerOptions,
  SnapshotAnswer,
  SnapshotQuery,
} from '../core';
import type { BrowserLog } from './output/browserLog';
import { loadCore } from './coreLoader';
import { Disposable } from './dispose';
import { EditorSources, RELOAD_TYPING_DEBOUNCE_MS } from './editing/editorSources';
import { forwardedHost } from './pages/forwarding';
import { readFolderSettings, type FolderSettings, type SessionOverrides } from './settings/settings';
import { SettingsError, translate } from './settings/settingsError';

export type SessionState = 'stopped' | 'starting' | 'running' | 'stopping' | 'failed';

/** What a session's backend needs from the extension: the user's consent, and where its output goes. */
export interface BackendHost {
  /** Whether a command from the workspace's settings may run (asks the user the first time). */
  allows(folder: vscode.WorkspaceFolder, command: string): Promise<boolean>;
  /** A line the backend wrote. */
  output(folder: vscode.WorkspaceFolder, line: string): void;
  /** Ferrox serves the backend at `url`: said before the backend's own lines (its own address has no live reload). */
  announce(folder: vscode.WorkspaceFolder, url: string): void;
  /** The backend is not run, and why; shown once per start. */
  notRun(folder: vscode.WorkspaceFolder, why: string): void;
}

/**
 * One server for one workspace folder: reads its settings, drives the core, and reports state.
 * It never shows UI itself; the controller decides what the user sees.
 */
export class ServerSession extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private server: FerroxServer | undefined;
  private _state: SessionState = 'stopped';
  private _error: string | undefined;
  private _externalUrl: string | undefined;
  /** Host names VS Code forwards this server under (a remote window), accepted beside the settings' allowedHosts. */
  private forwardedHosts: string[] = [];
  /** The access token while the server is shared. */
  private shareToken: string | undefined;
  private accessLog = true;
  private accessLogFormat: 'dev' | 'combined' = 'dev';
  private sources: EditorSources | undefined;
  private sourcesKey = '';
  readonly overrides: SessionOverrides = {};
  /** When the server last started, to pick the most recent for the status bar. */
  startedAt = 0;
  /** What the preview panel proves itself with to this folder's framed pages (kept across restarts). */
  readonly previewKey = randomBytes(24).toString('base64url');
  private heldBackend: string[] | undefined;

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private readonly log: vscode.LogOutputChannel,
    private readonly browserLog: BrowserLog,
    private readonly onReveal: (event: RevealEvent) => Promise<void>,
    private readonly onCaCreated: (caFile: string) => void = () => undefined,
    private readonly backendHost?: BackendHost,
  ) {
    super();
  }

  /** Takes the browsers' pages to the page of `file`, or to a URL path. */
  navigate(target: string | { path: string }): boolean {
    return this.server?.navigate(typeof target === 'string' ? { file: target } : target) ?? false;
  }

  /** The backend's lines from while it started, now that Ferrox's own address has been said. */
  private releaseBackendLines(): void {
    const lines = this.heldBackend ?? [];
    this.heldBackend = undefined;
    for (const line of lines) this.backendHost?.output(this.folder, line);
  }

  /** Asks one open page what it shows (agents' snapshot tool). */
  snapshot(pageId: string, query: SnapshotQuery): Promise<SnapshotAnswer> {
    return this.server
      ? this.server.snapshot(pageId, query)
      : Promise.resolve({ error: `${this.folder.name}'s server stopped.` });
  }

  /** The address the share link names first (`ferrox.share.address`), if the user chose one. */
  get shareAddress(): string | undefined {
    return this.server?.options.shareAddress;
  }

  /** Reloads the open pages named; how many heard it. */
  reload(pageIds: readonly string[]): number {
    return this.server?.reload(pageIds) ?? 0;
  }

  /** What the pages' consoles said lately (agents' console tool). */
  recentMessages(options: { all?: boolean; page?: string; limit?: number }): ReportedMessage[] {
    return this.server?.recentMessages.list(options) ?? [];
  }

  /** Outlines an element in the browsers showing `file` (undefined clears it). */
  highlight(file: string, element: ElementPath | undefined): void {
    this.server?.highlight(file, element);
  }

  get state(): SessionState {
    return this._state;
  }
  get error(): string | undefined {
    return this._error;
  }
  get address(): ServerAddress | undefined {
    return this.server?.address;
  }
  /** The URL to show and open: local, or forwarded by Remote / Codespaces. */
  get externalUrl(): string | undefined {
    return this._externalUrl;
  }
  /** The folder actually served (after `ferrox.root`, overrides, and the public folder a host's file names). */
  get servedRoot(): string | undefined {
    return this.server?.servedFolder;
  }
  /** The backend Ferrox runs for this folder, and its state; undefined when it runs none. */
  get backend(): { command: string; state: BackendState } | undefined {
    const command = this.server?.options.backend;
    const state = this.server?.backendState;
    return command !== undefined && state !== undefined ? { command, state } : undefined;
  }

  /** Whether the running server has synced browsing on. */
  get syncing(): boolean {
    return this.server?.options.sync === true;
  }
  /** Who is watching: the pages connected for live reload. */
  get pages(): ConnectedPage[] {
    return this.server?.pages ?? [];
  }

  /** Reads the settings now; throws SettingsError naming every bad setting. */
  settings(): FolderSettings {
    const s = readFolderSettings(this.folder, this.overrides);
    if (s.problems.length > 0) throw new SettingsError(s.problems);
    for (const name of s.ignored) {
      this.log.warn(
        `${name} is set in the workspace of ${this.folder.name} and is ignored: only your user settings may expose this machine to the network.`,
      );
    }
    return s;
  }

  async start(): Promise<ServerAddress> {
    if (this.server?.address) return this.server.address;
    this.setState('starting');
    try {
      const settings = await this.completeOptions(this.settings());
      const server = this.createServer(settings);
      this.connectSources(server, settings);
      const address = await server.start();
      this.server = server;
      this.accessLog = settings.accessLog;
      this.accessLogFormat = settings.accessLogFormat;
      await this.publish(address);
      this.startedAt = Date.now();
      // The log never holds the share token: it is for the link the user copies, not for files.
      const external = loadCore().urlWithoutToken(this._externalUrl ?? address.url);
      const moved =
        server.options.port !== 0 && address.port !== server.options.port
          ? ` (port ${server.options.port} is in use)`
          : '';
      this.log.info(
        `Serving ${server.servedFolder} at ${address.url}${moved}` + (external !== address.url ? ` (${external})` : ''),
      );
      for (const f of server.hostConfig.files) this.log.info(`The site's host rules: ${f.file} (${f.holds})`);
      if (this.shareToken) {
        const asked = loadCore().shareAddressProblem(server.options.shareAddress, os.networkInterfaces());
        if (asked) this.log.warn(`ferrox.share.address: ${asked}`);
      }
      if (server.options.backend !== undefined) this.backendHost?.announce(this.folder, external);
      this.releaseBackendLines();
      this.setState('running');
      return address;
    } catch (err) {
      this.releaseBackendLines();
      this.server = undefined;
      this.disconnectSources();
      this.fail(err);
      throw err;
    }
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) {
      this.setState('stopped');
      return;
    }
    this.setState('stopping');
    try {
      this.disconnectSources();
      await server.stop();
    } finally {
      server.removeAllListeners();
      this.server = undefined;
      this._externalUrl = undefined;
      this.forwardedHosts = [];
      this.shareToken = undefined;
      // Sharing and sync asked for by a command end with the server they were asked for.
      delete this.overrides.share;
      delete this.overrides.sync;
      this.log.info(`Stopped serving ${server.options.root}`);
      this.setState('stopped');
    }
  }

  /** Applies the current settings to the running server. A bad setting keeps the last good server. */
  async reconfigure(): Promise<void> {
    const server = this.server;
    if (!server) return;
    let settings: FolderSettings;
    try {
      settings = await this.completeOptions(this.settings());
      const before = server.address?.url;
      const address = await server.reconfigure(settings.options);
      this.connectSources(server, settings);
      this.accessLog = settings.accessLog;
      this.accessLogFormat = settings.accessLogFormat;
      if (address) await this.publish(address);
      this.log.info(
        address && address.url !== before
          ? `Reconfigured: now serving at ${address.url}`
          : 'Reconfigured with the new settings',
      );
      this._error = undefined;
      this.setState(server.address ? 'running' : 'stopped');
    } catch (err) {
      // Not applied: the token is the running server's, if it is shared at all.
      this.shareToken = server.options.accessToken;
      throw translate(err);
    }
  }

  /**
   * Options only the session can complete. With ferrox.https and no TLS files: a certificate from
   * the user's local CA (made on first use in the user's Ferrox folder, never in the workspace).
   * While shared: the network bind and the access token, one per start (kept across
   * reconfigurations, so phones that opened the link stay in).
   */
  private async completeOptions(settings: FolderSettings): Promise<FolderSettings> {
    const core = loadCore();
    let options: ServerOptions = { ...settings.options, previewKey: this.previewKey };
    options.backend = await this.allowedBackend(settings);
    if (settings.localHttps) {
      const made = await core.localCertificate();
      if (made.caCreated) {
        this.log.info(
          `Created a local certificate authority for HTTPS: ${made.caFile}. Run "Ferrox: Trust Local HTTPS Certificate…" to trust it.`,
        );
        this.onCaCreated(made.caFile);
      }
      options = { ...options, tls: { cert: made.cert, key: made.key, ca: made.caFile } };
    }
    if (this.forwardedHosts.length > 0)
      options = { ...options, allowedHosts: [...(options.allowedHosts ?? []), ...this.forwardedHosts] };
    if (settings.share) {
      this.shareToken ??= core.newAccessToken();
      options = core.shareOptions(options, this.shareToken);
    } else {
      this.shareToken = undefined;
    }
    return { ...settings, options };
  }

  /** The backend command to run: none in Restricted Mode, and a workspace's only once the user allowed it. */
  private async allowedBackend(settings: FolderSettings): Promise<string | undefined> {
    const command = settings.options.backend;
    let why = settings.backendRefused;
    if (
      command !== undefined &&
      settings.backendFrom === 'workspace' &&
      !(await this.backendHost?.allows(this.folder, command))
    ) {
      why =
        `ferrox.backend.command "${command}" is set by this workspace and was not allowed to run; Ferrox serves the folder's files instead. ` +
        'Run "Ferrox: Forget Answers About Backend Commands" to be asked again.';
    }
    if (why === undefined) return command;
    this.log.warn(why);
    this.backendHost?.notRun(this.folder, why);
    return undefined;
  }

  /** The network links (with the token) while shared; undefined otherwise. */
  get shareLinks(): string[] | undefined {
    const address = this.server?.address;
    if (!this.shareToken || !address || !this.server) return undefined;
    return loadCore().lanUrls(
      address.url,
      this.server.options.host,
      this.shareToken,
      undefined,
      this.server.options.shareAddress,
    );
  }

  /** Feeds live reload from the editor: VS Code's watcher, saves and (optionally) unsaved text. */
  private connectSources(server: FerroxServer, settings: FolderSettings): void {
    const live = settings.options.liveReload !== false;
    const typingDebounceMs = settings.options.htmlInPlace === false ? RELOAD_TYPING_DEBOUNCE_MS : 0;
    const o = server.options;
    const key = live
      ? `${o.root}|${settings.liveOnType}|${typingDebounceMs}|${o.livePoll}|${o.livePollIntervalMs}|${o.liveReloadIgnore.join()}`
      : '';
    if (key === this.sourcesKey) return;
    this.disconnectSources();
    this.sourcesKey = key;
    if (!live) return;
    this.sources = new EditorSources(server.options.root, settings.liveOnType, typingDebounceMs, (file) =>
      server.notifyChange(file),
    );
    server.setChangeSource(this.sources);
    server.setContentOverlay(settings.liveOnType ? this.sources : undefined);
    void this.sources.poll(
      { mode: o.livePoll, intervalMs: o.livePollIntervalMs, ignore: o.liveReloadIgnore },
      (message) => this.log.info(message),
    );
  }

  private disconnectSources(): void {
    this.server?.setChangeSource(undefined);
    this.server?.setContentOverlay(undefined);
    this.sources?.dispose();
    this.sources = undefined;
    this.sourcesKey = '';
  }

  private createServer(settings: FolderSettings): FerroxServer {
    const core = loadCore();
    let server: FerroxServer;
    try {
      server = new core.FerroxServer(settings.options);
      // A source map may name originals anywhere in the workspace (src/ beside a served dist/), nowhere else.
      server.setSourceRoots((vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath));
    } catch (err) {
      throw translate(err);
    }
    server.on('access', (entry) => {
      if (!this.accessLog) return;
      // The dev format leaves out Ferrox's own requests (live reload's stream, pages' console…).
      if (this.accessLogFormat === 'combined') this.log.info(core.formatAccessLog(entry));
      else if (!core.isOwnRequest(entry)) this.log.info(core.formatDevLog(entry));
    });
    server.on('browserConsole', (m) => this.browserLog.write(this.folder.name, m, server.servedFolder));
    // Lines the backend writes while it starts wait for Ferrox's address to be said first.
    this.heldBackend = [];
    server.on('backendOutput', (line) =>
      this.heldBackend ? this.heldBackend.push(line.text) : this.backendHost?.output(this.folder, line.text),
    );
    server.on('backendState', (state) => {
      if (state === 'exited')
        this.log.warn(
          `The backend of ${this.folder.name} exited; Ferrox starts it again (its output is in "Ferrox: Backend").`,
        );
      this.changed.fire();
    });
    server.setRevealHandler((event) => {
      this.onReveal(event).catch((err: Error) => this.log.warn(`Could not open ${event.file}: ${err.message}`));
    });
    server.on('diagnostic', (d) => this.log[LOG_METHOD[d.level]](d.message));
    server.on('pages', () => this.changed.fire());
    return server;
  }

  private async publish(address: ServerAddress): Promise<void> {
    try {
      this._externalUrl = (await vscode.env.asExternalUri(vscode.Uri.parse(address.url))).toString(true);
    } catch {
      this._externalUrl = address.url;
    }
    // A remote window's forwarded address: its host is accepted without the user listing it.
    const host = forwardedHost(this._externalUrl, address.url);
    if (host !== undefined && !this.forwardedHosts.includes(host) && this.server) {
      this.forwardedHosts.push(host);
      await this.server.reconfigure((await this.completeOptions(this.settings())).options);
      this.log.info(`VS Code forwards this server at ${host}: pages opened there are let in.`);
    }
    // The browser and the preview open the link with the token, so the user never meets the 401.
    if (this.shareToken) {
      const url = new URL(this._externalUrl);
      url.searchParams.set('token', this.shareToken);
      this._externalUrl = url.toString();
    }
  }

  private fail(err: unknown): void {
    this._error = (translate(err) as Error).message;
    this.setState('failed');
  }

  private setState(state: SessionState): void {
    this._state = state;
    if (state !== 'failed') this._error = undefined;
    this.changed.fire();
  }

  override dispose(): void {
    void this.stop();
    super.dispose();
  }
}

const LOG_METHOD = { error: 'error', warning: 'warn', info: 'info', debug: 'debug' } as const;
