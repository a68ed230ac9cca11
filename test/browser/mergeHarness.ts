import * as path from 'node:path';
import { buildSync } from 'esbuild';
import type { BrowserContext, Page } from 'playwright-core';
import { browserSuite } from './browserHelpers';

/** The client's merge (src/client/live/merge.ts) as a script that defines `window.FerroxMerge`. */
const MERGE_SCRIPT =
  buildSync({
    entryPoints: [path.resolve(__dirname, '../../../src/client/live/merge.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'FerroxMerge',
  }).outputFiles[0].text + '\nwindow.FerroxMerge = FerroxMerge;\n';

const ORIGIN = 'http://merge.test';

/** What a page's merge did: applied in place, or refused (the client then reloads), with why. */
export type MergeOutcome = { kind: 'in place' } | { kind: 'reload'; reason: string };

/**
 * Pages loaded from given sources (each load runs the page's scripts once, as a browser does)
 * in one browser context, for the merge's tests: no server, so hundreds of edits stay quick.
 */
export class MergeBench {
  private readonly sources = new Map<string, string>();
  private count = 0;

  private constructor(readonly context: BrowserContext) {}

  static async open(context: BrowserContext): Promise<MergeBench> {
    const bench = new MergeBench(context);
    await context.route(`${ORIGIN}/**`, (route) => {
      const html = bench.sources.get(new URL(route.request().url()).pathname);
      return html === undefined
        ? route.fulfill({ status: 404 })
        : route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    });
    return bench;
  }

  /** Loads `html` fresh in `page` (a new one when none is given) and waits for its load event. */
  async load(html: string, page?: Page): Promise<Page> {
    const at = `/page-${++this.count}.html`;
    this.sources.set(at, html);
    const target = page ?? (await this.context.newPage());
    await target.goto(ORIGIN + at, { waitUntil: 'load' });
    return target;
  }

  /** Merges the change from `oldHtml` to `newHtml` into the page, as the client does on a change event. */
  async merge(page: Page, oldHtml: string, newHtml: string): Promise<MergeOutcome> {
    return page.evaluate(
      ({ script, oldHtml, newHtml }) => {
        const w = window as unknown as {
          FerroxMerge?: { mergePage(o: string, n: string): number; MergeConflict: new () => Error };
        };
        // Evaluated, not inserted: the page's DOM holds nothing of the test.
        if (!w.FerroxMerge) (0, eval)(script);
        try {
          w.FerroxMerge!.mergePage(oldHtml, newHtml);
          return { kind: 'in place' as const };
        } catch (err) {
          if (!(err instanceof w.FerroxMerge!.MergeConflict)) throw err;
          return { kind: 'reload' as const, reason: (err as Error).message };
        }
      },
      { script: MERGE_SCRIPT, oldHtml, newHtml },
    );
  }

  /** The page's DOM as text: elements with sorted attributes, shadow roots, template contents; Ferrox's own nodes left out. */
  static snapshot(page: Page): Promise<string> {
    return page.evaluate(() => {
      const own = (el: Element) =>
        el.localName.startsWith('ferrox-') ||
        ['data-ferrox-errors', 'data-ferrox-sync', 'data-ferrox-overlay', 'data-ferrox-early'].some((a) =>
          el.hasAttribute(a),
        );
      const out: string[] = [];
      const walk = (node: Node, depth: number) => {
        const pad = '  '.repeat(depth);
        if (node.nodeType === Node.TEXT_NODE) {
          out.push(`${pad}${JSON.stringify(node.nodeValue)}`);
          return;
        }
        if (node.nodeType === Node.COMMENT_NODE) {
          out.push(`${pad}<!--${node.nodeValue}-->`);
          return;
        }
        if (node.nodeType !== Node.ELEMENT_NODE) return;
        const el = node as Element;
        if (own(el)) return;
        const attrs = Array.from(el.attributes)
          .map((a) => `${a.name}=${JSON.stringify(a.value)}`)
          .sort()
          .join(' ');
        out.push(`${pad}<${el.localName}${attrs ? ' ' + attrs : ''}>`);
        if (el.shadowRoot) {
          out.push(`${pad}  #shadow-root`);
          Array.from(el.shadowRoot.childNodes).forEach((c) => walk(c, depth + 2));
        }
        const kids = el instanceof HTMLTemplateElement ? el.content.childNodes : el.childNodes;
        Array.from(kids).forEach((c) => walk(c, depth + 1));
      };
      walk(document.documentElement, 0);
      return out.join('\n');
    });
  }
}

/** The first line where two snapshots differ, with a little context, for a failure's message. */
export function firstDifference(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] !== y[i])
      return `line ${i + 1}:\n  in place: ${x[i] ?? '(end)'}\n  reload:   ${y[i] ?? '(end)'}\n  after:    ${x.slice(Math.max(0, i - 3), i).join(' | ')}`;
  }
  return '(none)';
}

/** A browser suite with one context and its MergeBench, made before the suite's tests and closed after. */
export function mergeSuite(prefix: string): { context(): BrowserContext; bench(): MergeBench } {
  const suite = browserSuite(prefix);
  let context: BrowserContext;
  let bench: MergeBench;
  before(async () => {
    context = await suite.browser.newContext();
    bench = await MergeBench.open(context);
  });
  after(() => context?.close());
  return { context: () => context, bench: () => bench };
}
