/**
 * live/: live reload. Takes file changes from a ChangeSource (fs.watch in the CLI, the editor in
 * the extension), batches them, and tells connected pages over Server-Sent Events what to
 * reload or which stylesheet to swap. Serves its reserved routes under /__ferrox/. Never reads
 * the served files and never writes HTML: the tag it asks for is injected by http/.
 */
export {
  GRANT_HEADER,
  PAGE_AGAIN_HEADER,
  PAGE_HEADER,
  ROUTES as LIVE_ROUTES,
  type BackendPageUpdate,
  type EditorToPanel,
  type PanelToEditor,
  type ConsolePost,
  type LocatedSource,
  type PageMorphEvent,
  type RevealPost,
  type ServerEvents,
} from './protocol';
export { type BackendAnswer } from './changes/backendPages';
export { describePages, RECONNECT_WAIT_MS, tabConnected, type ConnectedPage } from './connectedPages';
export { type BrowserConsoleEntry, type BrowserConsoleMode } from './relays/consoleRelay';
export { LiveReload, loadClientScript, optsOutOfLive, TAG_SCRIPT_SOURCES, type LiveSettings } from './liveReload';
export { type RevealRequest } from './relays/pageLinks';
export { elementPathAt, startTagOf, type ElementPath, type StartTag } from './relays/sourceMap';
