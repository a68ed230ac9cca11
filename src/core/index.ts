/**
 * Ferrox: the static server core. Plain Node.js; never imports `vscode`. This is the door the
 * CLI and the extension use; ARCHITECTURE.md maps the folders behind it.
 */
export { FerroxServer, RootError, type Diagnostic, type RevealEvent, type ServerAddress } from './server';
export {
  declaredOptions,
  DEFAULT_OPTIONS,
  GROUP_TITLES,
  OPTION_DECLARATIONS,
  OptionsError,
  resolveOptions,
  type OptionDeclaration,
  type OptionGroup,
  type OptionName,
  type ResolvedOptions,
  type ServerOptions,
  type SettingScope,
  type TlsOptions,
} from './config';
export { ListenError, PortInUseError, type AccessLogEntry } from './transport';
export {
  formatAccessLog,
  formatBrowserMessage,
  formatDevLog,
  isOwnRequest,
  lanUrls,
  messageLocation,
  printable,
  printableOutput,
  qrCodeSvg,
  type BrowserMessage,
  type StatusPainter,
} from './report';
export { isWildcardAddress } from './http';
export { newAccessToken, phoneLink, PHONE_ROUTES, shareOptions, urlWithoutToken } from './share';
export { eventlessFileSystem, ManualChangeFeed, TreeWatch, type PollMode } from './watch';
export {
  editDistance,
  type ChangeFeed,
  type ContentOverlay,
  type FileChange,
  type OverlayDocument,
  type Subscription,
} from './files';
export {
  describePages,
  elementPathAt,
  onThisMachine,
  RECONNECT_WAIT_MS,
  tabConnected,
  startTagOf,
  type BrowserConsoleMode,
  type ConnectedPage,
  type EditorToPanel,
  type ElementPath,
  type PanelToEditor,
  type SnapshotAnswer,
  type SnapshotQuery,
  type StartTag,
} from './live';
export {
  AGENT_TOOLS,
  MCP_PATH,
  runAgentTool,
  type AgentHost,
  type AgentServer,
  type AgentTool,
  type ReportedMessage,
} from './agents';
export { BackendStartError, type BackendLine, type BackendState } from './backend';
export { ferroxHome, localCertificate, TlsConfigError, trustInstructions } from './certs';
export {
  BrowserChoiceError,
  browserLaunch,
  KNOWN_BROWSERS,
  openBrowser,
  thisPlatform,
  type PlatformFacts,
} from './browser';
export {
  diagnoseSharing,
  shareAddressProblem,
  shareCandidates,
  systemFacts,
  type Diagnosis,
  type Finding,
} from './reach';
