/**
 * server/: the running server. Validates options, binds the listeners (HTTP, TLS and its
 * redirect companion), guards each request (Host check, method), routes it through the hot path
 * or the full handler, tracks responses for the access log and a graceful stop, and owns the
 * lifetime of everything the other folders open. The only folder that knows all the others.
 */
export { FerroxServer, type Diagnostic, type FerroxServerEvents, type ServerAddress } from './server';
export { DEFAULT_OPTIONS, resolveOptions, type ResolvedOptions, type ServerOptions, type TlsOptions } from './options';
export { ListenError, OptionsError, PortInUseError, RootError, TlsConfigError } from './errors';
export { formatAccessLog, formatDevLog, type AccessLogEntry, type StatusPainter } from './accessLog';
export { isWildcardAddress, urlHost } from './hostCheck';
export { newAccessToken, redactToken } from './accessToken';
export { lanUrls, qrCodeSvg, shareOptions } from './share';
export { formatBrowserMessage, messageLocation, type BrowserMessage } from './browserConsole';
export { type RevealEvent } from './liveBinding';
