/**
 * http/: HTTP semantics with no knowledge of files on disk, watches or live reload. Parses the
 * request target, evaluates conditional and Range headers, negotiates compression, names
 * content types, injects a tag into an HTML stream, and writes responses and error pages.
 */
export { absoluteFormAuthority, encodePath, isHiddenSegment, parseTarget, type ParsedTarget } from './requestPath';
export {
  evaluatePreconditions, fileEtag, ifRangeAllows, injectedEtag, namesInjected, unmarkIfNoneMatch, weaken, type Precondition, type Validators,
} from './conditional';
export { parseRange, type RangeResult } from './range';
export { COMPRESSION_THRESHOLD, compressSync, createCompressor, isCompressible, negotiateEncoding, type Encoding } from './compression';
export { contentTypeFor } from './contentType';
export { findInjectionPoint, HtmlInjector } from './htmlInject';
export { escapeHtml, PAGE_CSP, renderPage } from './html';
export { renderErrorPage } from './errorPage';
export { readJsonBody } from './jsonBody';
export {
  applyBaseHeaders, baseHeaders, bytesSent, countStream, hostOf, isHttp1, preparedError, preparedErrorPage, prefersJson, recordBytes, sendBody, sendError, sendErrorPage, sendRedirect,
  withBaseHeaders, writeHead, type BaseHeaders,
} from './respond';
