/**
 * http/: HTTP semantics with no knowledge of files on disk, watches or live reload. Parses the
 * request target, evaluates conditional and Range headers, negotiates compression, names
 * content types, injects a tag into an HTML stream, decides which Host names to answer, counts
 * what each response writes, and writes responses and error pages.
 */
export {
  absoluteFormAuthority,
  decodeSegments,
  encodePath,
  isHiddenSegment,
  parseTarget,
  type ParsedTarget,
} from './requestPath';
export {
  evaluatePreconditions,
  fileEtag,
  ifRangeAllows,
  injectedEtag,
  namesInjected,
  unmarkIfNoneMatch,
  weaken,
  type Precondition,
  type Validators,
} from './conditional';
export { parseRange } from './range';
export {
  COMPRESSION_THRESHOLD,
  compressSync,
  createCompressor,
  isCompressible,
  negotiateEncoding,
  type Encoding,
} from './compression';
export { contentTypeFor } from './contentType';
export { findInjectionPoint, HtmlInjector, insertTag } from './htmlInject';
export { escapeHtml, htmlDocument, PAGE_CSP, renderPage } from './html';
export { renderErrorPage } from './errorPage';
export { readJsonBody } from './jsonBody';
export {
  crossOrigin,
  fromThisMachine,
  hostName,
  HostPolicy,
  isLoopbackAddress,
  isWildcardAddress,
  lanAddresses,
  urlHost,
} from './hosts';
export { sameOriginLocation } from './location';
export {
  bodyBytesOf,
  CountedH2Response,
  CountedResponse,
  noteRule,
  noteUpstream,
  ruleOf,
  upstreamOf,
  type UpstreamInfo,
} from './countedResponse';
export {
  applyBaseHeaders,
  baseHeaders,
  hostOf,
  isHttp1,
  preparedErrorPage,
  prefersJson,
  sendBody,
  sendError,
  sendErrorPage,
  sendRedirect,
  withBaseHeaders,
  writeHead,
  type BaseHeaders,
} from './respond';
export { conflictingHosts, refusalOf, type AccessCheck, type GuardConfig, type Refusal } from './guard';
