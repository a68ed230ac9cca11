/** Ferrox: the static server core. Plain Node.js; never imports `vscode`. */
export { FerroxServer, type ServerAddress, type Diagnostic, type FerroxServerEvents } from './server';
export { resolveOptions, DEFAULT_OPTIONS, type ServerOptions, type ResolvedOptions, type TlsOptions } from './options';
export { OptionsError, PortInUseError, TlsConfigError, RootError, ListenError } from './errors';
export { formatAccessLog, type AccessLogEntry } from './accessLog';
export { urlHost } from './hostCheck';
export { WatchChangeSource, ManualChangeSource, type ChangeSource, type FileChange, type Subscription } from './changeSource';
export type { ContentOverlay, OverlayDocument } from './representation';
export { LIVE_EVENTS_PATH, LIVE_CLIENT_PATH } from './liveHub';
