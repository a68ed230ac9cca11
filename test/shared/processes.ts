import { execFileSync } from 'node:child_process';

/** Processes whose command line holds `marker` (a unique folder name): nothing of a backend may survive its stop. */
export function survivors(marker: string): string[] {
  try {
    return execFileSync('pgrep', ['-af', '--', marker])
      .toString()
      .trim()
      .split('\n')
      .filter((l) => l && !l.includes('pgrep'));
  } catch {
    return [];
  }
}

/** Polls `probe` until it holds, or fails naming `what`. */
export async function until(what: string, probe: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
