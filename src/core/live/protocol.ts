/**
 * The page <-> server protocol of live reload: an API boundary. The server (this folder) and
 * the client (media/live/, plain browser JavaScript) are written apart and must agree on every
 * name below; test/unit/live/protocol.test.ts holds the running server and the client's source to
 * this file, and fails when either side drifts. Change a name here, there and in the client
 * together, or not at all.
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
  /** Alt+clicks (POST, JSON: RevealPost). */
  reveal: '/__ferrox/reveal',
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
  /** "all": a page a backend rendered; any change but a stylesheet's reloads it. */
  follow: 'data-follow',
  /** The key a preview frame posts to prove itself; only then does a framed page tell its parent where it is. */
  preview: 'data-preview',
} as const;

/**
 * Messages between a page and the frame that holds it (postMessage), all `{ ferrox: kind, … }`:
 * the page says `ready` (nothing else) to its parent; the preview answers `preview` with the key
 * from TAG.preview, to the page's origin; from then on the page sends `location` ({ href }) to
 * that parent's origin alone, and obeys its `nav` ({ action: back | forward | reload }).
 */
export const FRAME_MESSAGES = { ready: 'ready', preview: 'preview', location: 'location', nav: 'nav' } as const;

/** Marks the inline script that holds early console calls until the client arrives. */
export const EARLY_CONSOLE_ATTR = 'data-ferrox-early';

/** The events on the stream, by name, and the fields of each event's JSON data. */
export interface ServerEvents {
  hello: { instance: string };
  change: { css: string[]; other: string[]; pages?: PageMorphEvent[] };
  /** `element` null clears the outline. */
  highlight: { path: string; element: (readonly [number, string])[] | null };
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

/** The body of a POST to ROUTES.reveal. */
export interface RevealPost {
  instance: string;
  page: string;
  element: (readonly [number, string])[];
}
