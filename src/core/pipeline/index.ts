/**
 * pipeline/: what happens to a request, in order (pipeline.ts lists the steps): the guard (Host,
 * share token, absolute-form targets), live reload's routes, proxy rules, and the folder's files,
 * folders and 404s, with a hot path for repeats. Knows nothing of sockets, listeners or TLS: the
 * server hands it requests and upgrades.
 */
export { buildPipelineConfig, type PipelineConfig, type ProxySetup, type SiteBackend } from './exchange';
export { folderPageSource } from './answers/listingRoute';
export { Pipeline } from './pipeline';
