import * as path from 'node:path';
import * as vscode from 'vscode';
import { BackendChannel } from './backend/backendHost';
import { BrowserLog } from './output/browserLog';
import { loadCore } from './coreLoader';
import { Disposable } from './dispose';
import { openExternally } from './pages/externalBrowser';
import { openInIntegratedBrowser, previewPlaceHere } from './pages/integratedBrowser';
import { folderForRoot, folderServing } from './editing/looseFolders';
import { PageLinks } from './editing/pageLinks';
import { PreviewPanel } from './pages/preview';
import { SharePanel } from './network/sharePanel';
import { checkSharing, checkSharingLater } from './network/checkSharing';
import { ServerSession } from './session';
import { readFolderSettings } from './settings/settings';
import { StatusBar } from './output/statusBar';
import { explainRestrictedMode } from './settings/trust';

/**
 * Owns the servers (one per workspace folder), the status bar and every notification. Commands
 * call into it; it is the only place that decides what the user is shown.
 */
export class Controller extends Disposable {
  private readonly sessions = new Map<string, ServerSession>();
  private readonly statusBar = this._register(new StatusBar());
  readonly browserLog = this._register(new BrowserLog());
  private readonly pageLinks = this._register(new PageLinks(() => this.sessions.values()));
  readonly backends: BackendChannel;

  constructor(
    readonly log: vscode.LogOutputChannel,
    workspaceState: vscode.Memento,
  ) {
    super();
    this.backends = this._register(new BackendChannel(workspaceState));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => this.onConfigurationChanged(e)));
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.refresh()));
    this._register(
      vscode.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const removed of e.removed) void this.sessions.get(removed.uri.toString())?.stop();
      }),
    );
  }

  /** Every folder's session, running or not (agents' tools read the running ones). */
  allSessions(): ServerSession[] {
    return [...this.sessions.values()];
  }

  /** "Check Sharing", for the first shared server (network/checkSharing.ts). */
  checkSharing(): Promise<string[]> {
    return checkSharing(
      this.allSessions().find((s) => s.state === 'running' && s.shareLinks !== undefined),
      this.log,
    );
  }

  /** Serves `folder`; what opens (openOnStart) is `page`'s URL when it is a file the server serves, else the root. */
  async serve(folder?: vscode.WorkspaceFolder, page?: vscode.Uri): Promise<string | undefined> {
    const target = folder ?? (await this.pickFolder('Serve which folder?'));
    if (!target) return undefined;
    if (target.uri.scheme !== 'file') {
      void vscode.window.showErrorMessage(
        `Ferrox serves folders on disk; ${target.name} is a virtual folder (${target.uri.scheme}:).`,
      );
      return undefined;
    }
    explainRestrictedMode(this.log);
    const session = this.session(target);
    try {
      await session.start();
    } catch (err) {
      // Not awaited: the notification waits for the user, the command must not.
      void this.reportStartFailure(session, err);
      return undefined;
    }
    const open = readFolderSettings(target, session.overrides).openOnStart;
    const url = (page && this.pageUrl(session, page)) || session.externalUrl;
    // A tab left open across a restart reconnects within a moment: it is taken there instead.
    if (open === 'browser' && url) void this.openInBrowser(url, loadCore().RECONNECT_WAIT_MS);
    else if (open === 'preview' && url) void this.preview(url);
    return session.externalUrl;
  }

  /** "Preview in Editor": the Integrated Browser where VS Code has one (and ferrox.preview.target allows), else the panel (in Codespaces, the browser). */
  async preview(url: string): Promise<void> {
    const where = await previewPlaceHere();
    if (where.place === 'integrated') await openInIntegratedBrowser(url, this.log);
    else if (where.place === 'panel') await PreviewPanel.show(this, url);
    else {
      this.log.info(where.why);
      await openExternally(url, this.log);
    }
  }

  /**
   * Opens `url` in the browser, unless a tab of its server is open already (or connects within
   * `waitMs`): then that tab goes there (no new tab each time). A page in the preview panel or a frame is no tab.
   */
  async openInBrowser(url: string, waitMs = 0): Promise<void> {
    const target = new URL(url);
    for (const session of this.sessions.values()) {
      const base = session.externalUrl ? new URL(session.externalUrl) : undefined;
      if (!base || base.origin !== target.origin || !target.pathname.startsWith(base.pathname)) continue;
      if (!(await loadCore().tabConnected(() => session.pages, waitMs))) break;
      session.navigate({ path: '/' + target.pathname.slice(base.pathname.length) });
      this.log.info(
        `A page of this server is open in a browser: it goes to ${loadCore().urlWithoutToken(url)} (no new tab).`,
      );
      return;
    }
    await openExternally(url, this.log);
  }

  /** "Serve This Folder": serves `uri` as the root of its workspace folder's server. */
  async serveFolder(uri: vscode.Uri): Promise<string | undefined> {
    // Outside every workspace folder (picked from the palette), the folder is served as one of its own.
    const folder = folderForRoot(uri);
    const session = this.session(folder);
    session.overrides.root = uri.fsPath === folder.uri.fsPath ? undefined : uri.fsPath;
    if (session.state === 'running') {
      await this.applySettings(session);
      return session.externalUrl;
    }
    return this.serve(folder);
  }

  async stop(folder?: vscode.WorkspaceFolder): Promise<void> {
    const running = [...this.sessions.values()].filter((s) => s.state === 'running');
    const target = folder
      ? this.sessions.get(folder.uri.toString())
      : running.length <= 1
        ? running[0]
        : await this.pickSession(running, 'Stop which server?');
    await target?.stop();
  }

  /** The status bar toggle: stops the active server, or serves. */
  async toggle(): Promise<void> {
    const active = this.activeSession();
    if (active?.state === 'running') await active.stop();
    else if (active?.state === 'starting' || active?.state === 'stopping') return;
    else {
      // Go Live with an HTML file open opens that file's page, as Live Server does.
      const doc = vscode.window.activeTextEditor?.document;
      const page = doc && doc.uri.scheme === 'file' && /\.html?$/i.test(doc.uri.fsPath) ? doc.uri : undefined;
      await this.serve(active?.folder ?? this.folderOfActiveEditor(), page);
    }
  }

  /** The URL of `file` on `session`'s running server (with the token while shared); undefined when it is not served there. */
  private pageUrl(session: ServerSession, file: vscode.Uri): string | undefined {
    const base = session.externalUrl;
    const root = session.servedRoot;
    if (!base || !root) return undefined;
    const rel = path.relative(root, file.fsPath);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    const url = new URL(rel.split(path.sep).map(encodeURIComponent).join('/'), base);
    // While shared, every link carries the token.
    const token = new URL(base).searchParams.get('token');
    if (token) url.searchParams.set('token', token);
    return url.toString();
  }

  /** The preview key of the session that serves `url` (matched by origin), for the preview panel. */
  previewKeyFor(url: string): string | undefined {
    const origin = originOf(url);
    return [...this.sessions.values()].find((s) => s.externalUrl !== undefined && originOf(s.externalUrl) === origin)
      ?.previewKey;
  }

  /** The URL of `file` on its folder's server, starting the server if needed. */
  async urlFor(file: vscode.Uri): Promise<string | undefined> {
    const folder = folderServing(file);
    if (!folder) {
      void vscode.window.showWarningMessage(
        `${path.basename(file.fsPath)} is not a file on disk, so Ferrox cannot serve it.`,
      );
      return undefined;
    }
    const session = this.session(folder);
    if (session.state !== 'running' && !(await this.serve(folder))) return undefined;
    const base = session.externalUrl;
    const root = session.servedRoot;
    if (!base || !root) return undefined;
    const url = this.pageUrl(session, file);
    if (url === undefined && path.resolve(root) !== path.resolve(file.fsPath)) {
      void vscode.window.showWarningMessage(
        `${path.basename(file.fsPath)} is outside the served root ${root}; opening the root instead.`,
      );
    }
    return url ?? base;
  }

  /**
   * "Share on Network…": serves the folder to the local network with an access token (for this
   * session; the user-level ferrox.share does it for every start), then shows the link and its
   * QR code. Resolves with the first network link, or the local one when there is none.
   */
  async share(folder?: vscode.WorkspaceFolder): Promise<string | undefined> {
    const target = folder ?? this.activeSession()?.folder ?? (await this.pickFolder('Share which folder?'));
    if (!target) return undefined;
    const session = this.session(target);
    const before = session.externalUrl;
    const wasShared = session.overrides.share;
    session.overrides.share = true;
    const ok = session.state === 'running' ? await this.applySettings(session) : await this.serve(target);
    if (!ok) {
      // Refused (a backend that answers the network, say): later settings changes must not try again unasked.
      session.overrides.share = wasShared;
      return undefined;
    }
    PreviewPanel.retarget(before, session.externalUrl);
    await SharePanel.show(this, session);
    this._register(checkSharingLater(session, () => void this.checkSharing(), this.log));
    return session.shareLinks?.[0] ?? session.externalUrl;
  }

  /** "Toggle Synced Browsing": turns it on or off for a running server (serving it first when stopped). */
  async toggleSync(folder?: vscode.WorkspaceFolder): Promise<void> {
    const target = folder ?? this.activeSession()?.folder ?? (await this.pickFolder('Sync browsing of which folder?'));
    if (!target) return;
    const session = this.session(target);
    session.overrides.sync = !(session.state === 'running' && session.syncing);
    if (session.state === 'running') await this.applySettings(session);
    else await this.serve(target);
    this.refresh();
  }

  /** "Stop Sharing": back to this machine only, on the same port. */
  async stopSharing(folder?: vscode.WorkspaceFolder): Promise<void> {
    const session = folder
      ? this.sessions.get(folder.uri.toString())
      : [...this.sessions.values()].find((s) => s.shareLinks);
    if (!session) return;
    const before = session.externalUrl;
    session.overrides.share = false;
    if (session.state === 'running') await this.applySettings(session);
    PreviewPanel.retarget(before, session.externalUrl);
    SharePanel.close(session);
  }

  /** Re-applies the settings to every running server they affect. */
  private async onConfigurationChanged(e: vscode.ConfigurationChangeEvent): Promise<void> {
    if (!e.affectsConfiguration('ferrox')) return;
    for (const session of this.sessions.values()) {
      if (session.state !== 'running' || !e.affectsConfiguration('ferrox', session.folder.uri)) continue;
      await this.applySettings(session);
    }
    this.refresh();
  }

  /** Reconfigures a running session; on failure the last good server keeps running and one error says why. */
  async applySettings(session: ServerSession): Promise<boolean> {
    try {
      await session.reconfigure();
      return true;
    } catch (err) {
      const message = (err as Error).message;
      this.log.error(`Settings not applied for ${session.folder.name}: ${message}`);
      void vscode.window.showErrorMessage(`Ferrox kept the running server for ${session.folder.name}: ${message}`);
      return false;
    }
  }

  private async reportStartFailure(session: ServerSession, err: unknown): Promise<void> {
    const e = err as Error;
    this.log.error(`Could not start ${session.folder.name}: ${e.message}`);
    if (err instanceof loadCore().PortInUseError) {
      const choice = await vscode.window.showErrorMessage(`Ferrox: ${e.message}.`, 'Try Next Free Port', 'Show Log');
      if (choice === 'Try Next Free Port') {
        session.overrides.portFallback = 50;
        await this.serve(session.folder);
      } else if (choice === 'Show Log') {
        this.log.show(true);
      }
      return;
    }
    const choice = await vscode.window.showErrorMessage(
      `Ferrox could not start: ${e.message}`,
      'Open Settings',
      'Show Log',
    );
    if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'ferrox');
    else if (choice === 'Show Log') this.log.show(true);
  }

  session(folder: vscode.WorkspaceFolder): ServerSession {
    const key = folder.uri.toString();
    let session = this.sessions.get(key);
    if (!session) {
      session = new ServerSession(
        folder,
        this.log,
        this.browserLog,
        (event) => this.pageLinks.reveal(event),
        (caFile) => {
          void vscode.window
            .showInformationMessage(
              `Ferrox created a local certificate authority for HTTPS (${caFile}). Browsers show the page as secure once you trust it.`,
              'How to Trust…',
            )
            .then((choice) => {
              if (choice) void vscode.commands.executeCommand('ferrox.trustCertificate');
            });
        },
        this.backends,
      );
      this._register(session.onDidChange(() => this.refresh()));
      this.sessions.set(key, session);
    }
    return session;
  }

  /** The session of the active editor's folder, else the most recently started running one. */
  activeSession(): ServerSession | undefined {
    const folder = this.folderOfActiveEditor();
    const own = folder && this.sessions.get(folder.uri.toString());
    if (own && own.state !== 'stopped') return own;
    const live = [...this.sessions.values()].filter((s) => s.state !== 'stopped');
    return live.sort((a, b) => b.startedAt - a.startedAt)[0] ?? own;
  }

  private refresh(): void {
    const runningCount = [...this.sessions.values()].filter((s) => s.state === 'running').length;
    void vscode.commands.executeCommand('setContext', 'ferrox.running', runningCount > 0);
    // "Stop Sharing" is offered only while something is shared.
    const shared = [...this.sessions.values()].some((s) => s.state === 'running' && s.shareLinks !== undefined);
    void vscode.commands.executeCommand('setContext', 'ferrox.shared', shared);
    this.statusBar.render({ active: this.activeSession(), runningCount });
  }

  /** The folder of the active editor's file: its workspace folder, or with none, the folder it is in. */
  folderOfActiveEditor(): vscode.WorkspaceFolder | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri;
    return uri ? folderServing(uri) : undefined;
  }

  async pickFolder(placeHolder: string): Promise<vscode.WorkspaceFolder | undefined> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) {
      // No workspace folder: the open file's own folder, if a file is open.
      const loose = this.folderOfActiveEditor();
      if (!loose)
        void vscode.window.showInformationMessage(
          'Open a folder, or an HTML file, first: Ferrox serves the folder it is in.',
        );
      return loose;
    }
    if (folders.length === 1) return folders[0];
    return vscode.window.showWorkspaceFolderPick({ placeHolder });
  }

  private async pickSession(sessions: ServerSession[], placeHolder: string): Promise<ServerSession | undefined> {
    const picked = await vscode.window.showQuickPick(
      sessions.map((s) => ({ label: s.folder.name, description: s.externalUrl, session: s })),
      { placeHolder },
    );
    return picked?.session;
  }

  /** Stops every server and waits until each has closed its sockets. */
  async stopAll(): Promise<void> {
    await Promise.allSettled([...this.sessions.values()].map((s) => s.stop()));
  }

  override dispose(): void {
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
    super.dispose();
  }
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
