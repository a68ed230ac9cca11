import type * as vscode from 'vscode';
import { loadCore } from '../coreLoader';

/** Text that needs nothing done: printable ASCII (and the core stays unloaded for it). */
const PLAIN = /^[\x20-\x7e\t\n]*$/;

/**
 * `text` as the core's one rule (`printable`) shows it: what a page, a backend, a request or a
 * file says is shown, never obeyed. For every line the extension writes to an Output channel, the
 * Problems panel, a tooltip or a panel.
 */
export function shown(text: string, multiline = true): string {
  return PLAIN.test(text) && (multiline || !/[\t\n]/.test(text)) ? text : loadCore().printable(text, { multiline });
}

const WRITERS = new Set<string | symbol>([
  'append',
  'appendLine',
  'replace',
  'trace',
  'debug',
  'info',
  'warn',
  'error',
]);

/** The channel, with every message written to it passed through `shown` first. */
export function printableChannel<T extends vscode.OutputChannel>(channel: T): T {
  return new Proxy(channel, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      if (!WRITERS.has(key)) return value.bind(target);
      return (message: unknown, ...rest: unknown[]) =>
        value.call(target, typeof message === 'string' ? shown(message) : message, ...rest);
    },
  });
}
