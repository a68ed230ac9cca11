/**
 * pipeline/: what happens to a request, in order. steps/ are the ordered steps (pipeline.ts lists
 * them): the guard (Host, share token, absolute-form targets), live reload's routes, proxy rules,
 * the folder's files; answers/ is what they answer with (a file, a listing, Markdown, a 404 page,
 * a backend's page). A hot path takes repeats. Knows nothing of sockets, listeners or TLS: the
 * server hands it requests and upgrades.
 */
export { buildPipelineConfig, type PipelineConfig, type ProxySetup, type SiteBackend } from './exchange';
export { folderPageSource } from './answers/listingRoute';
export { Pipeline } from './pipeline';
