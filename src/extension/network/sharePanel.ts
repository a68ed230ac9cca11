import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { loadCore } from '../coreLoader';
import { Disposable } from '../dispose';
import { shown } from '../output/printableLog';
import type { ServerSession } from '../session';

/**
 * The "Sharing" panel: the network link of a shared server, its QR code for a phone's camera,
 * a copy button, "Stop Sharing", and who is watching (pages, devices). It follows the session: a
 * new link after a restart, the pages as they come and go, and it closes when sharing stops.
 */
/** What the panel needs from the controller: ending the share. */
export interface ShareHost {
  stopSharing(folder: vscode.WorkspaceFolder): Promise<void>;
  toggleSync(folder: vscode.WorkspaceFolder): Promise<void>;
}

export class SharePanel extends Disposable {
  private static readonly panels = new Map<ServerSession, SharePanel>();
  private readonly panel: vscode.WebviewPanel;

  static async show(controller: ShareHost, session: ServerSession): Promise<SharePanel> {
    let current = SharePanel.panels.get(session);
    if (current) current.panel.reveal(undefined, true);
    else SharePanel.panels.set(session, (current = new SharePanel(controller, session)));
    current.render();
    return current;
  }

  static close(session: ServerSession): void {
    SharePanel.panels.get(session)?.dispose();
  }

  private constructor(
    private readonly controller: ShareHost,
    private readonly session: ServerSession,
  ) {
    super();
    this.panel = this._register(
      vscode.window.createWebviewPanel(
        'ferrox.share',
        `Sharing: ${session.folder.name}`,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: true },
      ),
    );
    this._register(this.panel.onDidDispose(() => this.dispose()));
    this._register(
      this.panel.webview.onDidReceiveMessage(async (m: { type: string; text?: string }) => {
        if (m.type === 'copy' && m.text) {
          await vscode.env.clipboard.writeText(m.text);
          void vscode.window.setStatusBarMessage('$(check) Ferrox: link copied', 2000);
        } else if (m.type === 'stop') {
          await this.controller.stopSharing(this.session.folder);
        } else if (m.type === 'sync') {
          await this.controller.toggleSync(this.session.folder);
        }
      }),
    );
    this._register(
      session.onDidChange(() => {
        if (!session.shareLinks) this.dispose();
        else this.render();
      }),
    );
  }

  private render(): void {
    const links = this.session.shareLinks ?? [];
    const main = links[0] ?? this.session.externalUrl ?? '';
    const nonce = randomBytes(16).toString('base64');
    // The QR code opens the phone's page (the site's link, and over HTTPS the CA to trust).
    const qr = main ? loadCore().qrCodeSvg(links[0] ? loadCore().phoneLink(main) : main) : '';
    const esc = (t: string) => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    this.panel.webview.html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<style nonce="${nonce}">
body{font:13px var(--vscode-font-family);color:var(--vscode-foreground);background:var(--vscode-editor-background);padding:16px 20px;max-width:560px}
h1{font-size:16px;font-weight:600;margin:0 0 8px}
p{line-height:1.5;margin:8px 0;color:var(--vscode-descriptionForeground)}
.qr{display:inline-block;background:#fff;padding:8px;border-radius:8px;border:1px solid var(--vscode-panel-border);margin:8px 0}
.qr svg{display:block;width:min(240px,60vw);height:min(240px,60vw)}
code{display:block;word-break:break-all;padding:8px;border-radius:4px;background:var(--vscode-textCodeBlock-background);color:var(--vscode-foreground);font:12px var(--vscode-editor-font-family)}
.row{display:flex;gap:8px;margin:12px 0}
button{font:inherit;padding:4px 12px;border-radius:2px;border:1px solid var(--vscode-button-border,transparent);cursor:pointer;color:var(--vscode-button-foreground);background:var(--vscode-button-background)}
button:hover{background:var(--vscode-button-hoverBackground)}
button.secondary{color:var(--vscode-button-secondaryForeground);background:var(--vscode-button-secondaryBackground)}
ul{padding-left:18px;margin:4px 0}
</style></head>
<body>
<h1>${esc(this.session.folder.name)} is shared on your network</h1>
<p>Scan the code with a phone on the same network, or open the link. It carries an access token: without it, nobody can read the folder.</p>
<code id="link">${esc(main)}</code>
<div class="row"><button id="copy">Copy Link</button><button id="stop" class="secondary">Stop Sharing</button></div>
${qr ? `<div class="qr" role="img" aria-label="QR code of the link">${qr}</div>` : '<p>No network address was found: only this machine can open the link.</p>'}
${
  links.length > 1
    ? `<p>Other addresses of this machine:</p><ul>${links
        .slice(1)
        .map((l) => `<li><code>${esc(l)}</code></li>`)
        .join('')}</ul>`
    : ''
}
<p>A new token is made each time the server starts, so old links stop working.</p>
<p id="watching"><strong>Watching:</strong> ${esc(shown(loadCore().describePages(this.session.pages), false))}.</p>
<div class="row"><button id="sync" class="secondary" role="switch" aria-checked="${this.session.syncing}">Synced browsing: ${this.session.syncing ? 'on' : 'off'}</button></div>
<p>With synced browsing on, the pages that join mirror each other's scroll, clicks, typing and navigation (never passwords).</p>
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
document.getElementById('copy').onclick = () => vscode.postMessage({ type: 'copy', text: document.getElementById('link').textContent });
document.getElementById('stop').onclick = () => vscode.postMessage({ type: 'stop' });
document.getElementById('sync').onclick = () => vscode.postMessage({ type: 'sync' });
</script>
</body></html>`;
  }

  override dispose(): void {
    if (SharePanel.panels.get(this.session) === this) SharePanel.panels.delete(this.session);
    super.dispose();
  }
}
