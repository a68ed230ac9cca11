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
  await tab.exposeBinding('__seen', (_source, text) => {
    shown = text;
    waiter?.(text);
  });
  tab.on('load', () => loads++);
  await tab.addInitScript(() =>
    document.addEventListener('DOMContentLoaded', () => {
      const report = () => window.__seen(document.getElementById('v')?.textContent ?? '');
      report();
      new MutationObserver(report).observe(document.body, { subtree: true, childList: true, characterData: true });
    }),
  );
  return {
    seen: (want) =>
      new Promise((resolve) => {
        waiter = (text) => {
          if (text === want) resolve();
        };
      }),
    shown: () => shown,
    loads: () => loads,
    resetLoads: () => {
      loads = 0;
    },
  };
}

/**
 * Opens `url` in a fresh tab of `browser`, waits `settleMs` for its live-reload connection, then
 * times `edits` edits: `write(i)` makes the page show `String(i)`; each waits up to 5 s to be
 * shown, then `pauseMs`. Returns the figures and the page loads the edits caused.
 */
export async function timeEdits(browser, { name, url, settleMs, edits, pauseMs, write }) {
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    const { seen, loads, resetLoads } = await watchShown(tab);
    const first = seen('0');
    await tab.goto(url);
    await first;
    await new Promise((r) => setTimeout(r, settleMs)); // let the live-reload connection settle
    const samples = [];
    resetLoads();
    for (let i = 1; i <= edits; i++) {
      const shown = seen(String(i));
      const t0 = performance.now();
      write(i);
      await Promise.race([
        shown,
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error(`${name}: edit ${i} not shown within 5 s`)), 5000),
        ),
      ]);
      samples.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, pauseMs));
    }
    return { ...stats(samples), reloads: loads() };
  } finally {
    await context.close();
  }
}
