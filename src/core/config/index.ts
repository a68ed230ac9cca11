/**
 * config/: what a host may ask of a server, checked once at the edge. ServerOptions become
 * ResolvedOptions (defaults live only in DEFAULT_OPTIONS) or an OptionsError that names every bad
 * option and value; sharing's options and tokens. Knows nothing of sockets or requests.
 */
export {
  DEFAULT_OPTIONS,
  needsRebind,
  resolveOptions,
  type ResolvedOptions,
  type ServerOptions,
  type TlsOptions,
} from './options';
export { OptionsError } from './errors';
export { newAccessToken, shareOptions } from './share';
