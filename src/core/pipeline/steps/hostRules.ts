import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { forwardRequest, siteRule } from '../../proxy';
import { encodePath, noteRule, parseTarget, sendError } from '../../http';
import type { Phase, RouteAnswer } from '../../hosting';
import type { Exchange } from '../exchange';
import { answerNotFound, answerWithPage } from '../answers/notFoundRoute';
import { proxiedTag } from '../answers/liveTag';
import { forwardBase } from './proxyStep';

/** A rewrite that leads to another rewrite stops here: a loop in a host's file answers 508. */
const MAX_REWRITES = 5;

/** The decoded path a target names (`/a b/`), as the hosts' patterns match it. */
function pathOf(segments: readonly string[], trailingSlash: boolean): string {
  return '/' + segments.join('/') + (trailingSlash && segments.length > 0 ? '/' : '');
}

/**
 * A destination as a header or a request target can carry it: characters outside printable
 * ASCII percent-encoded (a captured segment may hold a space or a newline), and a path never
 * turned into another host by what was captured (`//evil.example`).
 */
function safeUrl(url: string): string {
  const encoded = url.replace(/[^\x21-\x7e]/g, (c) => encodeURIComponent(c));
  return encoded.startsWith('/') ? encoded.replace(/^[/\\]+/, '/') : encoded;
}

/**
 * The step after the target is decoded: the headers the hosts' files give this path (`_headers`,
 * `headers`). They win over the server's own for the same name (as on the hosts), whoever writes
 * the answer; `! Name` takes a header off.
 */
export function hostHeaders(x: Exchange): boolean {
  const rules = x.cfg.hosting?.rules;
  const target = x.target;
  if (!rules || rules.headers.length === 0 || !target?.ok) return false;
  const { set, detach } = rules.headersFor(pathOf(target.segments, target.trailingSlash));
  if (set.size === 0 && detach.size === 0) return false;
  const res = x.res;
  for (const name of detach) res.removeHeader(name);
  for (const { name, value } of set.values()) res.setHeader(name, value);
  const writeHead = res.writeHead;
  const own = new Set([...set.keys(), ...detach]);
  // Headers given to writeHead would take precedence over these: the ones the rules name are dropped from them.
  res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    const headers = (typeof rest[0] === 'string' ? rest[1] : rest[0]) as OutgoingHttpHeaders | undefined;
    if (headers && typeof headers === 'object' && !Array.isArray(headers))
      for (const key of Object.keys(headers)) if (own.has(key.toLowerCase())) delete headers[key];
    for (const name of detach) this.removeHeader(name);
    return (writeHead as (...args: unknown[]) => ServerResponse).call(this, status, ...rest);
  } as ServerResponse['writeHead'];
  return false;
}

/**
 * The step before the folder is looked at: the hosts' rules that come first (redirects, Netlify's
 * forced `!` rules, Firebase's `ignore`), and the trailing-slash rule of `trailingSlash`.
 */
export function hostRoutes(x: Exchange): boolean | Promise<boolean> {
  const rules = x.cfg.hosting?.rules;
  const target = x.target;
  if (!rules || !target?.ok) return false;
  const { segments, trailingSlash, query } = target;
  const last = segments[segments.length - 1] ?? '';
  if (rules.trailingSlash === true && !trailingSlash && segments.length > 0 && !last.includes('.')) {
    return redirect(x, {
      kind: 'redirect',
      status: 308,
      location: encodePath(segments, true) + query,
      label: 'trailingSlash',
    });
  }
  if (rules.trailingSlash === false && trailingSlash && segments.length > 0) {
    return redirect(x, {
      kind: 'redirect',
      status: 308,
      location: encodePath(segments, false) + query,
      label: 'trailingSlash',
    });
  }
  return apply(x, 'before');
}

/**
 * For a path the folder does not answer: the hosts' rules for misses (rewrites, Netlify's
 * unforced rules); a rewrite is looked up again with `lookUp`. False when no rule applies.
 */
export function hostMiss(x: Exchange, lookUp: (x: Exchange) => Promise<boolean>): Promise<boolean> {
  return apply(x, 'after', lookUp);
}

async function apply(x: Exchange, phase: Phase, lookUp?: (x: Exchange) => Promise<boolean>): Promise<boolean> {
  const rules = x.cfg.hosting?.rules;
  const target = x.target;
  if (!rules || !target?.ok) return false;
  const answer = rules.route(phase, pathOf(target.segments, target.trailingSlash), target.query);
  if (!answer) return false;
  noteRule(x.res, answer.label);
  switch (answer.kind) {
    case 'redirect':
      return redirect(x, answer);
    case 'proxy':
      return proxy(x, answer.url);
    case 'status':
      if (answer.path !== undefined) {
        const page = parseTarget(safeUrl(answer.path));
        if (page.ok && (await answerWithPage(x.cfg, x.req, x.res, page.segments, answer.status))) return true;
      }
      if (answer.status === 404)
        await answerNotFound(x.cfg, x.req, x.res, { segments: target.segments, trailingSlash: target.trailingSlash });
      else sendError(x.res, answer.status, `The site's ${answer.label} answers ${answer.status} here.`, x.headOnly);
      return true;
    case 'rewrite': {
      const rewrites = (x.rewrites ?? 0) + 1;
      if (rewrites > MAX_REWRITES) {
        sendError(
          x.res,
          508,
          `The site's rewrites loop (${answer.label} was reached ${MAX_REWRITES} times).`,
          x.headOnly,
        );
        return true;
      }
      x.rewrites = rewrites;
      x.target = parseTarget(safeUrl(answer.path) + answer.query);
      // Before the folder: the request goes on with its new target. On a miss: it is looked up again.
      return lookUp ? lookUp(x) : false;
    }
  }
}

function redirect(x: Exchange, answer: Extract<RouteAnswer, { kind: 'redirect' }>): true {
  noteRule(x.res, answer.label);
  const location = safeUrl(answer.location);
  sendError(x.res, answer.status, `This page has moved to ${location}`, x.headOnly, { Location: location });
  return true;
}

/** A `200` rule to an absolute URL: the request is forwarded there, as a proxy rule would. */
function proxy(x: Exchange, url: string): boolean {
  const hosting = x.cfg.hosting!;
  let target: URL;
  try {
    target = new URL(safeUrl(url));
  } catch {
    sendError(x.res, 502, `The site's rule names ${url}, which is not a URL.`, x.headOnly);
    return true;
  }
  const rule = { ...siteRule(new URL(target.origin)), refusedWaitMs: 0 };
  forwardRequest(
    x.req as IncomingMessage,
    x.res,
    { rule, upstreamPath: target.pathname + target.search },
    {
      ...forwardBase(x.cfg, x.req, hosting.pool, hosting.onFailure),
      inject: proxiedTag(x.cfg, x.req, true),
    },
  );
  return true;
}
