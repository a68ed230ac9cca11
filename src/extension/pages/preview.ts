import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isServedPage } from '../../client/preview/servedPage';
import type { EditorToPanel, PanelToEditor } from '../../core';
import { Disposable } from '../dispose';
import { isPageDocument } from '../editing/pageDocuments';

/**
 * "Preview in Editor": a webview beside the editor that shows the served page in an iframe,
 * with back, forward, reload and the URL. History moves are asked of the page itself through
 * postMessage (the live-reload client answers), since a cross-origin frame's history cannot be
 * driven from outside. It follows the active HTML editor unless `ferrox.preview.followEditor`
 * is off. Device presets (phone, tablet, full width) size the frame, zoom scales it; the size
 * (and the zoom, when not 100%) is always shown.
 * The page's console reaches "Ferrox: Browser" like any served page's.
 */
/**
 * What the panel needs from the controller: the served URL of a file, the key its pages know the
 * preview by, and the way to open a page in the browser (an open tab, or the chosen browser).
 */
export interface PreviewHost {
  urlFor(file: vscode.Uri): Promise<string | undefined>;
  previewKeyFor(url: string): string | undefined;
  openInBrowser(url: string): Promise<void>;
}

export class PreviewPanel extends Disposable {
  private static current: PreviewPanel | undefined;
  private readonly panel: vscode.WebviewPanel;

  static async show(controller: PreviewHost, url: string): Promise<PreviewPanel> {
    if (PreviewPanel.current) {
      PreviewPanel.current.navigate(url);
      PreviewPanel.current.panel.reveal(vscode.ViewColumn.Beside, true);
      return PreviewPanel.current;
    }
    PreviewPanel.current = new PreviewPanel(controller, url);
    return PreviewPanel.current;
  }

  private constructor(
    private readonly controller: PreviewHost,
    private url: string,
  ) {
    super();
    this.panel = this._register(
      vscode.window.createWebviewPanel(
        'ferrox.preview',
        'Preview',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        {
          enableScripts: true,
          retainContextWhenHidden: true,
          // The panel's script (dist/preview.js, from src/client/preview/) lies beside this bundle.
          localResourceRoots: [vscode.Uri.file(__dirname)],
        },
      ),
    );
    this._register(this.panel.onDidDispose(() => this.dispose()));
    // A page can put any address in what it posts: only an http(s) page of the served origin is
    // shown or opened, never a file:, vscode: or other site's link.
    this._register(
      this.panel.webview.onDidReceiveMessage((m: PanelToEditor) => {
        const origin = new URL(this.url).origin;
        if (m.type === 'location' && isServedPage(m.href, origin)) {
          this.setTitle(m.href as string);
          this.url = m.href as string;
        }
        if (m.type === 'external')
          void this.controller.openInBrowser(isServedPage(m.href, origin) ? (m.href as string) : this.url);
      }),
    );
    this._register(vscode.window.onDidChangeActiveTextEditor((editor) => void this.follow(editor)));
    this.render();
  }

  navigate(url: string): void {
    if (url === this.url) return;
    const sameOrigin = new URL(url).origin === new URL(this.url).origin;
    this.url = url;
    // The frame may only show the origin the panel was made for (its CSP): another one re-renders.
    if (!sameOrigin) return this.render();
    const message: EditorToPanel = { type: 'navigate', url, key: this.controller.previewKeyFor(url) };
    void this.panel.webview.postMessage(message);
    this.setTitle(url);
  }

  /**
   * The server behind the panel moved (shared with a token, unshared, another port): show the
   * same page at `to`, the session's new base URL, carrying its token if it has one.
   */
  static retarget(from: string | undefined, to: string | undefined): void {
    const panel = PreviewPanel.current;
    if (!panel || !from || !to) return;
    const old = new URL(panel.url);
    const base = new URL(from);
    if (old.origin !== base.origin || !old.pathname.startsWith(base.pathname)) return;
    const next = new URL(
      old.pathname.slice(base.pathname.length) + old.search,
      new URL(to).origin + new URL(to).pathname,
    );
    next.searchParams.delete('token');
    const token = new URL(to).searchParams.get('token');
    if (token) next.searchParams.set('token', token);
    panel.navigate(next.toString());
  }

  private async follow(editor: vscode.TextEditor | undefined): Promise<void> {
    const doc = editor?.document;
    if (!doc || !isPageDocument(doc)) return;
    if (!vscode.workspace.getConfiguration('ferrox').get<boolean>('preview.followEditor', true)) return;
    const url = await this.controller.urlFor(doc.uri);
    if (url && !this.isDisposed) this.navigate(url);
  }

  private setTitle(href: string): void {
    let name = href;
    try {
      name = decodeURIComponent(new URL(href).pathname.split('/').filter(Boolean).pop() ?? '/');
    } catch {
      /* keep the URL */
    }
    this.panel.title = `Preview: ${name || '/'}`;
  }

  private render(): void {
    const nonce = randomBytes(16).toString('base64');
    const origin = new URL(this.url).origin;
    const key = this.controller.previewKeyFor(this.url) ?? '';
    const webview = this.panel.webview;
    const script = webview.asWebviewUri(vscode.Uri.file(path.join(__dirname, 'preview.js')));
    this.setTitle(this.url);
    webview.html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; frame-src ${origin}; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<style nonce="${nonce}">
html,body{margin:0;padding:0;height:100%;display:flex;flex-direction:column;background:var(--vscode-editor-background);color:var(--vscode-foreground);font:13px var(--vscode-font-family)}
nav{display:flex;flex-wrap:wrap;gap:4px;padding:4px 6px;border-bottom:1px solid var(--vscode-panel-border);align-items:center}
button{background:none;border:1px solid transparent;color:inherit;border-radius:4px;min-width:26px;height:24px;cursor:pointer}
button:hover,button:focus-visible{background:var(--vscode-toolbar-hoverBackground);outline:none;border-color:var(--vscode-focusBorder)}
input{flex:1 1 180px;min-width:180px;height:22px;padding:0 6px;background:var(--vscode-input-background);color:var(--vscode-input-foreground);border:1px solid var(--vscode-input-border,transparent);border-radius:2px}
select{height:24px;background:var(--vscode-dropdown-background);color:var(--vscode-dropdown-foreground);border:1px solid var(--vscode-dropdown-border,transparent);border-radius:2px}
#size{min-width:84px;white-space:nowrap;text-align:right;opacity:.8;font-variant-numeric:tabular-nums}
#stage{flex:1;min-height:0;overflow:auto;display:flex;justify-content:center;align-items:flex-start}
#stage.device{background:var(--vscode-editorWidget-background);padding:12px}
iframe{border:0;width:100%;height:100%;background:#fff}
#stage.device iframe{flex:none;box-shadow:0 0 0 1px var(--vscode-panel-border),0 4px 16px rgba(0,0,0,.25)}
#box{flex:none;overflow:hidden}
#stage:not(.device) #box{width:100%;height:100%}
#box iframe{transform-origin:0 0}
</style></head>
<body data-origin="${attr(origin)}" data-key="${attr(key)}" data-url="${attr(this.url)}">
<nav aria-label="Preview navigation">
<button id="back" title="Back" aria-label="Back">&#x2190;</button>
<button id="forward" title="Forward" aria-label="Forward">&#x2192;</button>
<button id="reload" title="Reload" aria-label="Reload">&#x21bb;</button>
<input id="url" aria-label="Address" spellcheck="false">
<select id="device" aria-label="Device size">
<option value="full">Full width</option><option value="390x844">Phone</option><option value="820x1180">Tablet</option>
</select>
<button id="zoomOut" title="Zoom out" aria-label="Zoom out">&#x2212;</button>
<button id="zoomReset" title="Actual size" aria-label="Actual size">1:1</button>
<button id="zoomIn" title="Zoom in" aria-label="Zoom in">+</button>
<span id="size" aria-live="polite"></span>
<button id="external" title="Open in Browser" aria-label="Open in Browser">&#x2197;</button>
</nav>
<div id="stage"><div id="box"><iframe id="page" title="Page preview" sandbox="allow-scripts allow-same-origin allow-forms allow-modals allow-popups allow-downloads"></iframe></div></div>
<script nonce="${nonce}" src="${script}"></script>
</body></html>`;
  }

  override dispose(): void {
    if (PreviewPanel.current === this) PreviewPanel.current = undefined;
    super.dispose();
  }
}

/** A value inside a double-quoted HTML attribute. */
function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
