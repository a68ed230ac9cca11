/**
 * The share token in a request target's query: what logs and backends must never see.
 * (`?token=` opens a shared server; the gate turns it into a cookie.)
 */

/** A request target with any `token` query value replaced, for logs. */
export function redactToken(target: string): string {
  return target.includes('token=') ? target.replace(/([?&]token=)[^&#]*/g, '$1REDACTED') : target;
}

/** A request target without its `token` query parameter, the rest of the query kept. */
export function withoutToken(target: string): string {
  const q = target.indexOf('?');
  if (q < 0) return target;
  const params = new URLSearchParams(target.slice(q + 1));
  if (!params.has('token')) return target;
  params.delete('token');
  const rest = params.toString();
  return target.slice(0, q) + (rest ? `?${rest}` : '');
}
