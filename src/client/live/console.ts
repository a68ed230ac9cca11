// Forwards the page's console to the server, which shows it in the terminal or in VS Code:
// console.error and console.warn (and log, info and debug when asked), uncaught errors and
// unhandled rejections, each with the source URL, line and column when known. Values are
// serialised safely (depth, size and cycles bounded); entries go out in small batches.

import type { ConsolePost } from '../../core/live/protocol';
import type { ConsoleLevel, EarlyItem } from './state';

type Entry = ConsolePost['entries'][number];

const MAX_DEPTH = 3;
const MAX_TEXT = 8 * 1024;
const MAX_KEYS = 50;
const FLUSH_MS = 50;

/**
 * Starts forwarding to `endpoint`. `mode` is "errors" (errors and warnings) or "all".
 * `instance()` gives the server's id (from the page's tag, or the restarted server's hello: only
 * the server's own pages know it);
 * `clientId` names this page load, so the server can rate-limit each page on its own;
 * `early` is what the inline early script caught (takeEarly).
 */
export function forwardConsole(
  endpoint: string,
  mode: 'errors' | 'all',
  instance: () => string | null,
  clientId: string,
  early: EarlyItem[],
): void {
  const levels: ConsoleLevel[] = mode === 'all' ? ['error', 'warn', 'log', 'info', 'debug'] : ['error', 'warn'];
  let queue: Entry[] = [];
  let timer: ReturnType<typeof setTimeout> | 0 = 0;

  function flush() {
    timer = 0;
    if (queue.length === 0) return;
    const post: ConsolePost = { instance: instance() ?? '', client: clientId, page: location.pathname, entries: queue };
    const body = JSON.stringify(post);
    queue = [];
    // keepalive: an error logged while the page unloads still arrives.
    fetch(endpoint, {
      method: 'POST',
      body,
      keepalive: body.length < 60000,
      headers: { 'Content-Type': 'application/json' },
    }).catch(() => {
      /* the server is gone; nothing to tell */
    });
  }

  function push(entry: Entry): void {
    queue.push(entry);
    if (queue.length >= 50) flush();
    else if (!timer) timer = setTimeout(flush, FLUSH_MS);
  }

  function onCall(level: ConsoleLevel, args: unknown[], stack: string | undefined): void {
    if (levels.indexOf(level) < 0) return;
    push({
      level,
      message: args
        .map((a) => (typeof a === 'string' ? a : describe(a, 0, new WeakSet())))
        .join(' ')
        .slice(0, MAX_TEXT),
      ...frameOf(stack, 1),
    });
  }

  function onError(e: ErrorEvent): void {
    if (!e.error && !e.message) return; // a resource failed to load: the access log has it
    push({
      level: 'error',
      message: `Uncaught ${e.error ? describeError(e.error) : e.message}`.slice(0, MAX_TEXT),
      source: e.filename || undefined,
      line: e.lineno || undefined,
      column: e.colno || undefined,
    });
  }

  function onRejection(e: PromiseRejectionEvent): void {
    const reason = e.reason instanceof Error ? describeError(e.reason) : describe(e.reason, 0, new WeakSet());
    push({
      level: 'error',
      message: `Unhandled promise rejection: ${reason}`.slice(0, MAX_TEXT),
      ...(e.reason instanceof Error ? frameOf(e.reason.stack, 0) : {}),
    });
  }

  // What the inline tag held on to while this script loaded; from now on it only passes through.
  levels.forEach((level) => {
    const original = console[level];
    if (typeof original !== 'function') return;
    console[level] = function (this: Console, ...args: unknown[]) {
      try {
        onCall(level, args, new Error().stack);
      } catch {
        /* never break the page's own logging */
      }
      return original.apply(this, args);
    };
  });
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  early.forEach((item) => {
    try {
      if (item.error) onError(item.error);
      else if (item.rejection) onRejection(item.rejection);
      else onCall(item.level, item.args, item.stack);
    } catch {
      /* skip what cannot be described */
    }
  });
  window.addEventListener('pagehide', flush);
}

/** What the inline early script caught before the client loaded; ends its capture and removes its tag. */
export function takeEarly(): EarlyItem[] {
  const early = window.__ferroxEarly || [];
  window.__ferroxEarly = null;
  const tag = document.querySelector('script[data-ferrox-early]');
  if (tag && tag.parentNode) tag.parentNode.removeChild(tag);
  return early;
}

/** The stack frame `skip` frames down (1: the caller of the function that made the stack). */
export function frameOf(stack: string | undefined, skip: number): Partial<Pick<Entry, 'source' | 'line' | 'column'>> {
  const lines = String(stack || '')
    .split('\n')
    .filter((l) => /:\d+:\d+\)?\s*$/.test(l));
  const line = lines[skip] || lines[lines.length - 1];
  const m = line && /(?:\(|@|at )((?:https?|file):\/\/[^\s()]+?):(\d+):(\d+)\)?\s*$/.exec(line.trim());
  return m ? { source: m[1], line: Number(m[2]), column: Number(m[3]) } : {};
}

function describeError(err: Error): string {
  return `${err.name || 'Error'}: ${err.message}`;
}

function describe(value: unknown, depth: number, seen: WeakSet<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'string':
      return depth === 0 ? value : JSON.stringify(value.length > 200 ? value.slice(0, 200) + '…' : value);
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'symbol':
      return String(value);
    case 'function':
      return `[Function ${value.name || '(anonymous)'}]`;
  }
  if (value instanceof Error) return describeError(value);
  if (typeof Node !== 'undefined' && value instanceof Node) return describeNode(value);
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[Array]' : '[Object]';
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      const items: string[] = value.slice(0, MAX_KEYS).map((v) => describe(v, depth + 1, seen));
      if (value.length > MAX_KEYS) items.push(`… ${value.length - MAX_KEYS} more`);
      return `[${items.join(', ')}]`;
    }
    const keys = Object.keys(value);
    const parts: string[] = keys.slice(0, MAX_KEYS).map((k) => {
      let v: unknown;
      try {
        v = (value as Record<string, unknown>)[k];
      } catch {
        v = '[getter threw]';
      }
      return `${k}: ${describe(v, depth + 1, seen)}`;
    });
    if (keys.length > MAX_KEYS) parts.push(`… ${keys.length - MAX_KEYS} more`);
    const name = value.constructor && value.constructor !== Object ? value.constructor.name + ' ' : '';
    return `${name}{${parts.join(', ')}}`;
  } finally {
    seen.delete(value);
  }
}

function describeNode(node: Node): string {
  if (!(node instanceof Element)) return `#${node.nodeName.toLowerCase()}`;
  const id = node.id ? `#${node.id}` : '';
  const cls =
    typeof node.className === 'string' && node.className.trim()
      ? '.' + node.className.trim().split(/\s+/).join('.')
      : '';
  return `<${node.tagName.toLowerCase()}${id}${cls}>`;
}
