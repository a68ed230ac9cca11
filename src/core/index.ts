/**
 * Ferrox: the static server core. Plain Node.js; never imports `vscode`. This is the door the
 * CLI and the extension use; ARCHITECTURE.md maps the folders behind it.
 */
export {
  FerroxServer, DEFAULT_OPTIONS, resolveOptions, formatAccessLog, formatDevLog, formatBrowserMessage, messageLocation, urlHost, isWildcardAddress, newAccessToken, lanUrls, qrCodeSvg, shareOptions,
  OptionsError, PortInUseError, TlsConfigError, RootError, ListenError,
  type ServerAddress, type Diagnostic, type FerroxServerEvents, type ServerOptions, type ResolvedOptions, type TlsOptions,
  type AccessLogEntry, type StatusPainter, type BrowserMessage, type RevealEvent,
} from './server';
export {
  WatchChangeSource, ManualChangeSource, LIVE_EVENTS_PATH, LIVE_CLIENT_PATH,
  elementPathAt, startTagOf,
  type BrowserConsoleMode, type ChangeSource, type ElementPath, type FileChange, type StartTag, type Subscription,
} from './live';
export { editDistance, type ContentOverlay, type OverlayDocument } from './files';
export { ferroxHome, localCertificate, trustInstructions, type LocalCertificate } from './certs';
