/**
 * config/: what a host may ask of a server, checked once at the edge. Each option is declared
 * once (OPTION_DECLARATIONS: default, check, flag, setting, scope, rebind, help); ServerOptions
 * become ResolvedOptions or an OptionsError that names every bad option and value; sharing's
 * options and tokens. Knows nothing of sockets or requests.
 */
export {
  DEFAULT_OPTIONS,
  needsRebind,
  resolveOptions,
  type ResolvedOptions,
  type ServerOptions,
  type TlsOptions,
  type TransportOptions,
} from './options';
export {
  declaredOptions,
  GROUP_TITLES,
  OPTION_DECLARATIONS,
  type FlagDeclaration,
  type OptionDeclaration,
  type OptionGroup,
  type OptionName,
  type SettingDeclaration,
  type SettingScope,
} from './declarations';
export { OptionsError } from './errors';
