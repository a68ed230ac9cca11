/**
 * transport/: sockets and their lifetime. Binds HTTP, HTTPS and HTTP/2 listeners (and the plain
 * port that redirects to HTTPS) with their timeouts and TLS policy, puts renewed certificates into
 * service, follows every response to its close for the access log and a graceful stop, and closes
 * everything. Knows nothing of what a request asks for: the server hands requests to the pipeline.
 */
export { applyTimeouts, bind, closeListener, createListener, type Diagnose, type Listener } from './listeners';
export { createRedirectListener } from './redirect';
export { answerPlainHttpOnTls } from './plainOnTls';
export { loadTlsMaterial, type TlsMaterial } from './tlsMaterial';
export { watchCertificates, type CertWatch } from './certWatch';
export { ResponseTracker, type AccessLogEntry } from './responseTracker';
export { ListenError, PortInUseError } from './errors';
