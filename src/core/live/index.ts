/**
 * live/: live reload, and the one owner of the conversation with open pages. LiveReload answers
 * /__ferrox/ from one route table (routes.ts) and is the one way events reach pages (the hub);
 * protocol.ts is what both sides speak. changes/ decides what a change means for each page
 * (morph, swap, reload, a backend's page fetching itself again); relays/ hands on what pages post
 * (console, Alt+clicks, synced browsing, positions to locate). Never reads the served files and
 * never writes HTML: the tag it asks for is injected by http/.
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
  type PageSnapshot,
  type SnapshotElement,
  type SnapshotField,
  type SnapshotQuery,
  type PageMorphEvent,
  type RevealPost,
  type ServerEvents,
} from './protocol';
export { type BackendAnswer } from './changes/backendPages';
export { describePages, onThisMachine, RECONNECT_WAIT_MS, tabConnected, type ConnectedPage } from './connectedPages';
export { type BrowserConsoleEntry, type BrowserConsoleMode } from './relays/consoleRelay';
export { LiveReload, loadClientScript, optsOutOfLive, TAG_SCRIPT_SOURCES, type LiveSettings } from './liveReload';
export { type RevealRequest } from './relays/pageLinks';
export { isSameOriginPath } from './relays/syncRelay';
export { SNAPSHOT_WAIT_MS, type SnapshotAnswer } from './relays/snapshots';
export { elementPathAt, startTagOf, type ElementPath, type StartTag } from './relays/sourceMap';
