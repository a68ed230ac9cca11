import type { BrowserConsoleMode } from '../live';
import type { PollMode } from '../watch';
import type { ProxyRuleInput } from '../proxy';

/*
 * What a host may pass to a server, as a type. Each field is declared once more, with its
 * default, check, flag, setting and help, in OPTION_DECLARATIONS (declarations.ts): the compiler
 * refuses a field that is missing there.
 */

/** TLS material, as paths to PEM files. */
export interface TlsOptions {
  cert: string;
  key: string;
  /**
   * The CA certificate (PEM) that issued `cert`, when it is the local CA's (`--https`): while
   * shared, the phone page offers it to trust. Never its key.
   */
  ca?: string;
}

/** What a host may pass to the server. Everything but `root` has a default. */
export interface ServerOptions {
  /** Folder to serve. Resolved to an absolute path. */
  root: string;
  host?: string;
  /** 0 picks any free port. */
  port?: number;
  /** How many following ports to try when `port` is taken (0 = fail at once). */
  portFallback?: number;
  directoryListing?: boolean;
  /** Extra response headers, added to every response. */
  headers?: Record<string, string>;
  cors?: boolean;
  /** Unknown extension-less paths get the root's index.html (single-page apps). */
  spa?: boolean;
  compression?: boolean;
  keepAliveTimeoutMs?: number;
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  maxHeaderSize?: number;
  /** While shared: the address (or interface name) the link names first; by default the first Wi-Fi or Ethernet address. */
  shareAddress?: string;
  /** Host names accepted besides localhost, *.localhost, IP literals and the bound host. `*.x` matches subdomains. */
  allowedHosts?: string[];
  tls?: TlsOptions;
  /** With TLS: a plain-HTTP port that redirects to the HTTPS URL. */
  redirectPort?: number;
  /** How long stop() lets in-flight responses run before cutting them. */
  shutdownTimeoutMs?: number;
  /** Inject the live-reload client into HTML and serve change events at /__ferrox/events. */
  liveReload?: boolean;
  /** Changes are batched until they pause this long. */
  liveReloadDebounceMs?: number;
  /** Globs (relative to the root) whose changes never reload; node_modules and .git always are. */
  liveReloadIgnore?: string[];
  /** How a tree watch hears of changes: by polling where the file system delivers no events ("auto"), always, or never. */
  livePoll?: PollMode;
  /** With polling: the pause between walks (stretched so that polling keeps the process busy a tenth of the time at most). */
  livePollIntervalMs?: number;
  /** Pages show their runtime errors in a small badge: only while shared (a phone has no console), always, or never. */
  errorOverlay?: 'shared' | 'always' | 'never';
  /** Synced browsing: pages that join mirror each other's scroll, clicks, input and navigation. */
  sync?: boolean;
  /**
   * Serve the Model Context Protocol at /__ferrox/mcp, for agents on this machine only: the open
   * pages, their console, snapshots of what they show, and taking them elsewhere or reloading them.
   */
  mcp?: boolean;
  /** Cross-origin isolation (SharedArrayBuffer, WebAssembly threads): COOP same-origin and this COEP, or off. */
  crossOriginIsolation?: 'off' | 'require-corp' | 'credentialless';
  /** Swap changed stylesheets in place instead of reloading. */
  cssInPlace?: boolean;
  /** With TLS, speak HTTP/2 as well as HTTP/1.1 on the port (ALPN). */
  http2?: boolean;
  /** Morph a changed HTML page in place (keeping form input, focus, scroll and JS state) when it is safe. */
  htmlInPlace?: boolean;
  /** With live reload: forward pages' console errors and warnings ("errors"), every level ("all"), or nothing. */
  browserConsole?: BrowserConsoleMode;
  /**
   * Names this server for live reload; pages reload when it changes (a restart). Processes that
   * serve together (CLI workers) share one. Default: a new random id per start.
   */
  instanceId?: string;
  /**
   * While set, every request must carry this token (query, Bearer header, or the cookie a query
   * token sets): how a server shared on the network keeps everyone else out.
   */
  accessToken?: string;
  /**
   * A secret the host's preview frame proves itself with: pages put in a frame report their
   * location only to a parent that posts it (the editor's preview panel). Without it, framed
   * pages tell their parent nothing.
   */
  previewKey?: string;
  /**
   * A proxy the user runs stands in front of this server: the X-Forwarded-* and Forwarded
   * headers clients send are its, and are passed on (appended to). Otherwise they are replaced.
   */
  trustProxy?: boolean;
  /** Path prefix → backend: requests under the prefix are forwarded (longest prefix wins). */
  proxy?: Record<string, ProxyRuleInput>;
  /**
   * A backend command Ferrox starts in the folder and sends the whole site to (PHP, Flask, Django,
   * Express): `{port}` becomes the free loopback port it must listen on, also given as $PORT.
   */
  backend?: string;
  /** A backend already running (started by hand): the whole site goes to it. */
  backendUrl?: string;
  /** With a backend: path prefixes still served from the folder (`/assets`). */
  static?: string[];
  /** Folders outside the root whose changes update the backend's pages (templates beside `static/`). */
  watch?: string[];
  /** URL prefix → folder: another folder served under a path, like the root (longest prefix wins). */
  mount?: Record<string, string>;
  /** How long a backend command may take to accept connections. */
  backendStartTimeoutMs?: number;
  /** A page (relative to the root) answered with status 404 for missing files, when it exists; "" for the built-in page. */
  notFoundPage?: string;
  /** `/about` serves `about.html` when `about` does not exist, and `/about.html` redirects to `/about`. */
  cleanUrls?: boolean;
  /**
   * Read the hosts' files in the served folder, as the hosts do: `_redirects` and `_headers`
   * (Netlify, Cloudflare Pages), `serve.json`, `vercel.json`, `firebase.json` (whose public folder
   * is then what is served).
   */
  hostConfig?: boolean;
  /** A browser that navigates to a Markdown file is shown it rendered as a page (a fetch still gets the text). */
  markdown?: boolean;
}
