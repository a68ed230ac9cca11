import { show } from './errors';

/** Headers that describe the body's framing; a user value would corrupt responses. */
const RESERVED_HEADERS = new Set([
  'content-length',
  'transfer-encoding',
  'content-encoding',
  'content-range',
  'connection',
  'keep-alive',
  'upgrade',
]);
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const HOST_PATTERN = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i;

/** `headers`: names a server may be given, single-line values, nothing that frames the body. */
export function checkHeaders(headers: unknown, p: string[]): void {
  if (headers === undefined) return;
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    p.push(`headers must be an object of header names to values, got ${show(headers)}`);
    return;
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) p.push(`headers: ${show(name)} is not a valid header name`);
    else if (RESERVED_HEADERS.has(name.toLowerCase()))
      p.push(`headers: ${name} is set by the server and cannot be overridden`);
    if (typeof value !== 'string' || !HEADER_VALUE.test(value))
      p.push(`headers: the value of ${show(name)} must be a single-line string, got ${show(value)}`);
  }
}

export function checkAllowedHosts(hosts: unknown, p: string[]): void {
  if (hosts === undefined) return;
  if (!Array.isArray(hosts)) {
    p.push(`allowedHosts must be a list of host names, got ${show(hosts)}`);
    return;
  }
  for (const h of hosts) {
    if (typeof h !== 'string' || !HOST_PATTERN.test(h))
      p.push(`allowedHosts: ${show(h)} is not a host name (use "example.test" or "*.example.test")`);
  }
}
