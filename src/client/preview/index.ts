// The preview panel's script: runs in the webview beside the editor (src/extension/pages/preview.ts
// makes the page and bundles nothing else into it). It shows the served page in a frame with back,
// forward, reload, the address, device sizes and zoom. History moves are asked of the page itself
// (a cross-origin frame's history cannot be driven from outside): the live-reload client in the
// page answers, once the panel has proved itself with the key the page's server gave it.
import {
  FRAME_MESSAGES,
  type EditorToPanel,
  type FrameToPage,
  type PageToFrame,
  type PanelToEditor,
} from '../../core/live/protocol';
import { isServedPage } from './servedPage';

interface PanelState {
  zoom?: number;
  device?: string;
}

declare function acquireVsCodeApi(): {
  postMessage(message: PanelToEditor): void;
  getState(): PanelState | undefined;
  setState(state: PanelState): void;
};

/** The element with `id`, which the panel's page always has. */
function byId<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

const vscode = acquireVsCodeApi();
const frame = byId<HTMLIFrameElement>('page');
const address = byId<HTMLInputElement>('url');
// What the extension put on <body>: the served origin, the key its pages know the preview by, the first page.
const origin = document.body.dataset.origin ?? '';
let key = document.body.dataset.key ?? '';

function toPage(message: FrameToPage): void {
  frame.contentWindow?.postMessage(message, origin);
}

function toEditor(message: PanelToEditor): void {
  vscode.postMessage(message);
}

function go(url: string): void {
  if (isServedPage(url, origin)) {
    frame.src = url;
    address.value = url;
  }
}

function tell(action: 'back' | 'forward' | 'reload'): void {
  toPage({ ferrox: FRAME_MESSAGES.nav, action });
}

// The page reports where it is only to a parent that proves itself with the key its server gave
// it; the key goes only to the served origin.
function introduce(): void {
  if (key) toPage({ ferrox: FRAME_MESSAGES.preview, key });
}

frame.addEventListener('load', introduce);
byId('back').onclick = () => tell('back');
byId('forward').onclick = () => tell('forward');
byId('reload').onclick = () => tell('reload');
byId('external').onclick = () => toEditor({ type: 'external', href: address.value });
address.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') go(address.value);
});

/** Whether a message comes from the page or a frame inside it (cross-origin windows still show their parent). */
function fromPage(w: MessageEventSource | null): boolean {
  for (let x = w as Window | null; x; x = x.parent === x ? null : x.parent) if (x === frame.contentWindow) return true;
  return false;
}

window.addEventListener('message', (e: MessageEvent) => {
  if (e.source === frame.contentWindow && e.origin === origin) {
    // From the page: it waits for the key, or says where it is now.
    const m = (e.data || {}) as PageToFrame;
    if (m.ferrox === FRAME_MESSAGES.ready) introduce();
    else if (m.ferrox === FRAME_MESSAGES.location && isServedPage(m.href, origin)) {
      address.value = m.href;
      toEditor({ type: 'location', href: m.href });
    }
    return;
  }
  const m = (e.data || {}) as EditorToPanel;
  if (m.type === 'navigate' && e.origin === window.origin && !fromPage(e.source)) {
    // From the extension, through the webview's host frame (which hides itself as window.parent).
    key = m.key || key;
    go(m.url);
  }
});

const stage = byId('stage');
const box = byId('box');
const device = byId<HTMLSelectElement>('device');
const size = byId('size');
// Zoom scales the page as a browser's zoom would look, around a device size or the panel's width.
const ZOOMS = [0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 2];
let zoom = vscode.getState()?.zoom || 1;

function showSize(): void {
  size.textContent =
    frame.clientWidth + ' \u00d7 ' + frame.clientHeight + (zoom === 1 ? '' : ' \u00b7 ' + Math.round(zoom * 100) + '%');
}

function layout(): void {
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

function applyDevice(value: string): void {
  stage.classList.toggle('device', /^[0-9]+x[0-9]+$/.test(value));
  device.value = value;
  vscode.setState({ ...(vscode.getState() || {}), device: value });
  layout();
}

function setZoom(z: number): void {
  zoom = z;
  vscode.setState({ ...(vscode.getState() || {}), zoom: z });
  layout();
}

byId('zoomOut').onclick = () => setZoom(ZOOMS[Math.max(0, ZOOMS.indexOf(zoom) - 1)] || 1);
byId('zoomIn').onclick = () => setZoom(ZOOMS[Math.min(ZOOMS.length - 1, ZOOMS.indexOf(zoom) + 1)] || 1);
byId('zoomReset').onclick = () => setZoom(1);
device.addEventListener('change', () => applyDevice(device.value));
new ResizeObserver(layout).observe(stage);
applyDevice(vscode.getState()?.device || 'full');
go(document.body.dataset.url ?? '');
