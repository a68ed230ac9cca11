/**
 * proxy/: forwards requests under configured path prefixes to backends (an API, a PHP or Flask
 * app, a dev server's WebSocket), streaming both ways, and puts the live-reload tag it is given
 * into the HTML they answer. Knows nothing of files, live reload or access control: the server
 * decides who may be forwarded and hands over the tag.
 */
export { forwardRequest, type ForwardContext } from './forward';
export { type ClientInfo } from './forwardHeaders';
export { type PageTag } from './injectHtml';
export { ProxyPool } from './pool';
export {
  parsePrefixes,
  parseProxyRules,
  parseTarget as parseBackendUrl,
  routeToProxy,
  siteRule,
  type ProxyRefusal,
  type ProxyRoute,
  type ProxyRule,
  type ProxyRuleInput,
} from './rules';
export { forwardUpgrade, refuse as refuseUpgrade } from './upgrade';
