import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { Disposable } from './dispose';
import { isPageDocument } from './pageDocuments';
import { isServedPage } from './previewUrls';

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
        },
      ),
    );
    this._register(this.panel.onDidDispose(() => this.dispose()));
    // A page can put any address in what it posts: only an http(s) page of the served origin is
    // shown or opened, never a file:, vscode: or other site's link.
    this._register(
      this.panel.webview.onDidReceiveMessage((m: { type: string; href?: unknown }) => {
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
    void this.panel.webview.postMessage({ type: 'navigate', url, key: this.controller.previewKeyFor(url) });
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
    this.setTitle(this.url);
    webview.html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; frame-src ${origin}; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<style nonce="${nonce}">
html,body{margin:0;padding:0;height:100%;display:flex;flex-direction:column;background:var(--vscode-editor-background);color:var(--vscode-foreground);font:13px var(--vscode-font-family)}
nav{display:flex;gap:4px;padding:4px 6px;border-bottom:1px solid var(--vscode-panel-border);align-items:center}
button{background:none;border:1px solid transparent;color:inherit;border-radius:4px;min-width:26px;height:24px;cursor:pointer}
button:hover,button:focus-visible{background:var(--vscode-toolbar-hoverBackground);outline:none;border-color:var(--vscode-focusBorder)}
input{flex:1;height:22px;padding:0 6px;background:var(--vscode-input-background);color:var(--vscode-input-foreground);border:1px solid var(--vscode-input-border,transparent);border-radius:2px}
select{height:24px;background:var(--vscode-dropdown-background);color:var(--vscode-dropdown-foreground);border:1px solid var(--vscode-dropdown-border,transparent);border-radius:2px}
#size{min-width:84px;text-align:right;opacity:.8;font-variant-numeric:tabular-nums}
#stage{flex:1;min-height:0;overflow:auto;display:flex;justify-content:center;align-items:flex-start}
#stage.device{background:var(--vscode-editorWidget-background);padding:12px}
iframe{border:0;width:100%;height:100%;background:#fff}
#stage.device iframe{flex:none;box-shadow:0 0 0 1px var(--vscode-panel-border),0 4px 16px rgba(0,0,0,.25)}
#box{flex:none;overflow:hidden}
#stage:not(.device) #box{width:100%;height:100%}
#box iframe{transform-origin:0 0}
</style></head>
<body>
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
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
const frame = document.getElementById('page');
const address = document.getElementById('url');
const origin = ${JSON.stringify(origin)};
let key = ${JSON.stringify(key)};
const isServedPage = ${isServedPage.toString()};
function go(url) { if (isServedPage(url, origin)) { frame.src = url; address.value = url; } }
function tell(action) { frame.contentWindow && frame.contentWindow.postMessage({ ferrox: 'nav', action }, origin); }
// The page reports where it is only to a parent that proves itself with the key its server gave it;
// the key goes only to the served origin.
function introduce() { if (key && frame.contentWindow) frame.contentWindow.postMessage({ ferrox: 'preview', key }, origin); }
frame.addEventListener('load', introduce);
document.getElementById('back').onclick = () => tell('back');
document.getElementById('forward').onclick = () => tell('forward');
document.getElementById('reload').onclick = () => tell('reload');
document.getElementById('external').onclick = () => vscode.postMessage({ type: 'external', href: address.value });
address.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') go(address.value);
});
// Whether a message comes from the page or a frame inside it (cross-origin windows still show their parent).
function fromPage(w) {
  for (let x = w; x; x = x.parent === x ? null : x.parent) if (x === frame.contentWindow) return true;
  return false;
}
window.addEventListener('message', (e) => {
  const m = e.data || {};
  if (e.source === frame.contentWindow && e.origin === origin) {
    // From the page: it waits for the key, or says where it is now.
    if (m.ferrox === 'ready') introduce();
    else if (m.ferrox === 'location' && isServedPage(m.href, origin)) { address.value = m.href; vscode.postMessage({ type: 'location', href: m.href }); }
  } else if (m.type === 'navigate' && e.origin === window.origin && !fromPage(e.source)) {
    // From the extension, through the webview's host frame (which hides itself as window.parent).
    key = m.key || key;
    go(m.url);
  }
});
const stage = document.getElementById('stage');
const box = document.getElementById('box');
const device = document.getElementById('device');
const size = document.getElementById('size');
// Zoom scales the page as a browser's zoom would look, around a device size or the panel's width.
const ZOOMS = [0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 2];
let zoom = (vscode.getState() || {}).zoom || 1;
function showSize() {
  size.textContent = frame.clientWidth + ' \u00d7 ' + frame.clientHeight + (zoom === 1 ? '' : ' \u00b7 ' + Math.round(zoom * 100) + '%');
}
function layout() {
  const m = /^([0-9]+)x([0-9]+)$/.exec(device.value);
  const w = m ? Number(m[1]) : stage.clientWidth / zoom;
  const h = m ? Number(m[2]) : stage.clientHeight / zoom;
  frame.style.width = w + 'px';
  frame.style.height = h + 'px';
  frame.style.transform = zoom === 1 ? '' : 'scale(' + zoom + ')';
  box.style.width = m ? w * zoom + 'px' : '';
  box.style.height = m ? h * zoom + 'px' : '';
  showSize();
}
function applyDevice(value) {
  stage.classList.toggle('device', /^[0-9]+x[0-9]+$/.test(value));
  device.value = value;
  vscode.setState({ ...(vscode.getState() || {}), device: value });
  layout();
}
function setZoom(z) {
  zoom = z;
  vscode.setState({ ...(vscode.getState() || {}), zoom: z });
  layout();
}
document.getElementById('zoomOut').onclick = () => setZoom(ZOOMS[Math.max(0, ZOOMS.indexOf(zoom) - 1)] || 1);
document.getElementById('zoomIn').onclick = () => setZoom(ZOOMS[Math.min(ZOOMS.length - 1, ZOOMS.indexOf(zoom) + 1)] || 1);
document.getElementById('zoomReset').onclick = () => setZoom(1);
device.addEventListener('change', () => applyDevice(device.value));
new ResizeObserver(layout).observe(stage);
applyDevice((vscode.getState() || {}).device || 'full');
go(${JSON.stringify(this.url)});
</script>
</body></html>`;
  }

  override dispose(): void {
    if (PreviewPanel.current === this) PreviewPanel.current = undefined;
    super.dispose();
  }
}
