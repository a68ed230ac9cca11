// What the Chromium benchmarks share: a tab that reports the text of its #v element the moment
// it changes (a MutationObserver, for in-place updates) or is parsed (DOMContentLoaded, after a
// reload) through a Playwright binding, so polling adds no delay; and the figures of a sample set.

/** Median, p95, min and max of `samples` (ms). */
export function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { median: at(0.5), p95: at(0.95), min: sorted[0], max: sorted[sorted.length - 1] };
}

/**
 * Watches what `tab` shows in #v: `seen(want)` resolves when it shows `want`, `shown()` is the last
 * text, `loads()` counts page loads since the last `resetLoads()`. Call before the first goto.
 */
export async function watchShown(tab) {
  let shown = '';
  let waiter;
  let loads = 0;
  await tab.exposeBinding('__seen', (_source, text) => { shown = text; waiter?.(text); });
  tab.on('load', () => loads++);
  await tab.addInitScript(() => document.addEventListener('DOMContentLoaded', () => {
    const report = () => window.__seen(document.getElementById('v')?.textContent ?? '');
    report();
    new MutationObserver(report).observe(document.body, { subtree: true, childList: true, characterData: true });
  }));
  return {
    seen: (want) => new Promise((resolve) => { waiter = (text) => { if (text === want) resolve(); }; }),
    shown: () => shown,
    loads: () => loads,
    resetLoads: () => { loads = 0; },
  };
}
