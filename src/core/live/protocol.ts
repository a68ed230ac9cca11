/**
 * The page <-> server protocol of live reload: an API boundary. The server (this folder) and the
 * browser client (src/client/live/, and the preview panel's script in src/client/preview/) both
 * import it: the compiler holds each side to its names, fields and payloads, and
 * test/unit/live/protocol.test.ts holds the running server to it and checks what the compiler
 * cannot see. This file imports nothing, so the client can bundle it.
 */

/** The reserved routes, on the page's own port so one forwarded port is enough. */
export const ROUTES = {
  prefix: '/__ferrox/',
  /** The client script (GET). */
  client: '/__ferrox/live.js',
  /** The Server-Sent Events stream (GET). */
  events: '/__ferrox/events',
  /** Pages' console messages (POST, JSON: ConsolePost). */
  console: '/__ferrox/console',
  /** Alt+clicks, and a click on an error's place in the overlay (POST, JSON: RevealPost or RevealAtPost). */
  reveal: '/__ferrox/reveal',
  /** The error overlay asks where a script position came from (POST, JSON: LocatePost; 200 LocatedSource, or 204). */
  locate: '/__ferrox/locate',
  /** A joined page's scroll, click, input, submit or location, for the other pages (POST, JSON: SyncPost; 204). */
  sync: '/__ferrox/sync',
  /** A page open here when sharing began redeems its grant for the share cookie (POST, GRANT_HEADER; 204). */
  grant: '/__ferrox/grant',
  /** A page answers ServerEvents.snapshot (POST, JSON: SnapshotPost; 204). */
  snapshot: '/__ferrox/snapshot',
  /** The Model Context Protocol for agents on this machine (`--mcp`; POST, Streamable HTTP, stateless). Not the pages'. */
  mcp: '/__ferrox/mcp',
} as const;

/** The header that carries a grant's code to ROUTES.grant (a custom header: no other origin can send it without a preflight). */
export const GRANT_HEADER = 'X-Ferrox-Grant';

/**
 * What a page says of itself in the query of ROUTES.events, for "who is watching": its path
 * (`location.pathname`), its viewport (`390x844`, CSS pixels), `framed=1` inside a frame (the
 * preview panel, an iframe): a framed page is no browser tab, and the instance that served it (one
 * from before a restart is about to reload). Kept only while the stream is open.
 */
export const EVENTS_QUERY = {
  page: 'page',
  viewport: 'viewport',
  framed: 'framed',
  instance: 'instance',
  /** Names this page load (letters and digits, at most 32): what a snapshot or a reload is addressed to. */
  id: 'id',
} as const;

/**
 * The attributes of the tag injected after `<head>`. The client reads them once, then removes
 * the tag, so the DOM lines up with the page's source node for node.
 */
export const TAG = {
  /** The server instance that served the page; a different one in `hello` means a restart. */
  instance: 'data-instance',
  /** The page's file, as a root-relative URL path (absent for a backend's page). */
  file: 'data-file',
  /** The version of the source the page was built from: morphs apply only on top of it. */
  version: 'data-version',
  /** Which console levels the page forwards: "errors" or "all" (absent: none). */
  console: 'data-console',
  /** "alt-click": the page sends Alt+clicks to the reveal route (absent: it does not). */
  reveal: 'data-reveal',
  /**
   * "backend": a page a backend rendered. After a change it fetches itself again (PAGE_HEADER)
   * and morphs, reloads or shows the backend's error as the answer says (BackendPageUpdate).
   */
  follow: 'data-follow',
  /** On a backend's page: the token that names the text it was rendered as; absent on a POST's answer, which is never fetched again. */
  page: 'data-page',
  /** The key a preview frame posts to prove itself; only then does a framed page tell its parent where it is. */
  preview: 'data-preview',
  /** "on": the page shows its runtime errors in a small badge (ROUTES.locate maps their positions). */
  overlay: 'data-overlay',
  /** "on": synced browsing is on when the page loads (`hello` says it again after a change). */
  sync: 'data-sync',
} as const;

/**
 * Messages between a page and the frame that holds it (postMessage), all `{ ferrox: kind, … }`:
 * the page says `ready` (nothing else) to its parent; the preview answers `preview` with the key
 * from TAG.preview, to the page's origin; from then on the page sends `location` ({ href }) to
 * that parent's origin alone, and obeys its `nav` ({ action: back | forward | reload }).
 */
export const FRAME_MESSAGES = { ready: 'ready', preview: 'preview', location: 'location', nav: 'nav' } as const;

/** What a page posts to the frame that holds it. */
export type PageToFrame =
  { ferrox: typeof FRAME_MESSAGES.ready } | { ferrox: typeof FRAME_MESSAGES.location; href: string };

/** What the preview posts to the page it holds. */
export type FrameToPage =
  | { ferrox: typeof FRAME_MESSAGES.preview; key: string }
  | { ferrox: typeof FRAME_MESSAGES.nav; action: 'back' | 'forward' | 'reload' };

/**
 * The preview panel's script (src/client/preview/) and the extension that hosts it talk through
 * the webview: the panel says where its page is now, or asks for it in a browser; the extension
 * sends it to another page, with the key that page's server gave it.
 */
export type PanelToEditor = { type: 'location'; href: string } | { type: 'external'; href: string };
export type EditorToPanel = { type: 'navigate'; url: string; key?: string };

/**
 * A backend's page fetches its own URL again (GET, its own cookies) with this header, holding its
 * TAG.page token, and `X-Ferrox-Live: off`; Ferrox answers the request itself with a
 * BackendPageUpdate (JSON) instead of the page.
 */
export const PAGE_HEADER = 'X-Ferrox-Page';

/**
 * Sent with PAGE_HEADER on a page's last look after a change (it looked again, with back-off, for
 * about 2.5 s, as a backend's cache may hold the old page that long): an unchanged answer then
 * carries a `note` naming what most likely caches the page.
 */
export const PAGE_AGAIN_HEADER = 'X-Ferrox-Again';

/** The answer to a page fetched again with PAGE_HEADER. */
export type BackendPageUpdate =
  /** Morph from `old` (what the page was built from) to `html`; `page` is the token for `html`. */
  | { kind: 'morph'; old: string; html: string; page: string }
  /** Nothing changed (any error shown over the page goes away); `note`, on the last look, says what may cache it. */
  | { kind: 'unchanged'; note?: string }
  | { kind: 'reload'; reason: string }
  /**
   * The backend fails: `html` (its answer, or Ferrox's page saying why there is none) is shown
   * over the page in a sandboxed frame, with `log` (what the backend wrote while it rendered the
   * page, shown only to this machine), until it answers again.
   */
  | { kind: 'error'; status: number; html: string; log: string[] };

/**
 * A request with this header set to `off` gets no live tag in its HTML (a backend's page fetching
 * itself again, tools, tests).
 */
export const LIVE_OFF_HEADER = 'X-Ferrox-Live';

/** Marks the inline script that holds early console calls until the client arrives. */
export const EARLY_CONSOLE_ATTR = 'data-ferrox-early';

/** The events on the stream, by name, and the fields of each event's JSON data. */
export interface ServerEvents {
  /** `sync`: whether synced browsing is on (pages start or stop mirroring). */
  hello: { instance: string; sync: boolean };
  /**
   * `backend`: what rendered pages may have changed (a template, the code, the backend's restart):
   * backends' pages fetch themselves again; on "try" (early in a burst) they apply only a morph,
   * on "final" (the burst is over) whatever the answer says.
   */
  change: { css: string[]; other: string[]; pages?: PageMorphEvent[]; backend?: 'try' | 'final' };
  /** `element` null clears the outline. */
  highlight: { path: string; element: (readonly [number, string])[] | null };
  /** The editor moved to another served page: every top-level page (and the preview) goes to `path`. */
  navigate: { path: string };
  /** What a joined page did, for every other page (`from` names the page load that did it; it ignores its own). */
  sync: { from: string; event: SyncEvent };
  /** The server moved to another port or scheme (the settings changed): a tab goes to the same path there. */
  moved: { protocol: 'http' | 'https'; port: number };
  /** The server is about to be shared: post `code` to ROUTES.grant (within `ttlMs`) to keep it. */
  grant: { code: string; ttlMs: number };
  /**
   * Sent to one page alone: describe yourself (SnapshotQuery) and post the answer to
   * ROUTES.snapshot with `request`, which only that page heard.
   */
  snapshot: { request: string } & SnapshotQuery;
  /** Sent to the pages a host (an agent's tool, after the user agreed) asks to reload. */
  reload: Record<string, never>;
}

/** What a snapshot is asked to look at besides the page as a whole. */
export interface SnapshotQuery {
  /** A CSS selector: its first element is described (box, text, the computed styles asked). */
  selector?: string;
  /** The computed style properties to give for `selector`'s element (kebab-case; a default set when absent). */
  styles?: string[];
}

/** A labelled form control, as a snapshot names it. Never a password's value. */
export interface SnapshotField {
  tag: string;
  type?: string;
  name?: string;
  /** What a person reads as its label: <label>, aria-label(ledby), then placeholder or title. */
  label: string;
  value?: string;
  checked?: boolean;
  required?: boolean;
  disabled?: boolean;
}

/** What a page shows, as text an agent can read: bounded, and saying what it left out. */
export interface PageSnapshot {
  url: string;
  title: string;
  /** CSS pixels. */
  viewport: { width: number; height: number };
  scroll: { x: number; y: number };
  /** Every element in the document. */
  elements: number;
  headings: { level: number; text: string }[];
  landmarks: { role: string; label?: string }[];
  forms: { name?: string; action?: string; method?: string; fields: SnapshotField[] }[];
  /** The visible text, whitespace collapsed. */
  text: string;
  element?: SnapshotElement | { selector: string; error: string };
  /** What the bounds left out ("text after 20,000 characters", …); empty when nothing. */
  omitted: string[];
}

/** The first element a snapshot's selector matched. */
export interface SnapshotElement {
  selector: string;
  matches: number;
  tag: string;
  id?: string;
  classes?: string[];
  text: string;
  /** The border box in CSS pixels, relative to the viewport. */
  box: { x: number; y: number; width: number; height: number };
  /** Rendered with a size and not hidden by visibility or display. */
  visible: boolean;
  styles: Record<string, string>;
}

/** The body of a POST to ROUTES.snapshot. */
export interface SnapshotPost {
  instance: string;
  request: string;
  snapshot: PageSnapshot;
}

/** An element by its path from <html>, as inspect.js computes it. */
export type SyncPath = (readonly [number, string])[];

/**
 * What joined pages mirror. Scroll is anchored to content: `anchor` is the element at the top of
 * the scroller's view and `offset` how far into it the top is, as a share of its height, so a
 * phone and a desktop show the same paragraph. `target` is the scrolling element (null: the page).
 */
export type SyncEvent =
  | { kind: 'scroll'; target: SyncPath | null; anchor: SyncPath; offset: number }
  | { kind: 'click'; path: SyncPath }
  | { kind: 'input'; path: SyncPath; value?: string; checked?: boolean }
  | { kind: 'submit'; path: SyncPath }
  /** The page's address (path, query and hash of this origin) after it loaded or moved. */
  | { kind: 'location'; url: string };

/** The body of a POST to ROUTES.sync. */
export interface SyncPost {
  instance: string;
  from: string;
  event: SyncEvent;
}

/** A page that can be morphed: browsers showing `path` at version `from` morph to `to`, whose source is `html` (`old` is the source at `from`). */
export interface PageMorphEvent {
  path: string;
  from: string;
  to: string;
  html: string;
  old: string;
}

/** The body of a POST to ROUTES.console. */
export interface ConsolePost {
  instance: string;
  /** Names this page load, for the rate limit. */
  client?: string;
  page: string;
  entries: { level: string; message: string; source?: string; line?: number; column?: number }[];
}

/** The body of a POST to ROUTES.locate: a 1-based position in a script the page loaded. */
export interface LocatePost {
  instance: string;
  source: string;
  line: number;
  column: number;
}

/** Where it came from: the source as the served map names it (never a path on disk), 1-based. */
export interface LocatedSource {
  source: string;
  line: number;
  column: number;
}

/** The body of a POST to ROUTES.reveal for an Alt+click. */
export interface RevealPost {
  instance: string;
  page: string;
  element: (readonly [number, string])[];
}

/** The body of a POST to ROUTES.reveal for an error's place: a 1-based position in a script the page loaded. */
export interface RevealAtPost {
  instance: string;
  page: string;
  at: { source: string; line: number; column: number };
}
