/**
 * hosting/: the configuration files of the hosts a static site is deployed to, read so the site
 * behaves here as it will there: `_redirects` and `_headers` (Netlify, Cloudflare Pages),
 * `serve.json`, `vercel.json`, `firebase.json`. It parses and matches; the pipeline applies
 * (redirects, rewrites, proxies, statuses, headers). Never reads a file but the hosts' own.
 */
export { HOST_FILES, isHostFile, loadHostConfig, NO_HOST_CONFIG, type HostConfig } from './hostConfig';
export { HostRules } from './hostRules';
export { type HostProblem } from './netlifyFiles';
export { compilePattern, matchPattern, substitute, type PatternSyntax } from './patterns';
export { type HeaderRule, type Phase, type RouteAnswer, type RouteRule } from './rules';
