/** One or more options were invalid. Each problem names the option and the bad value. */
export class OptionsError extends Error {
  readonly code = 'FERROX_OPTIONS';
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'OptionsError';
    this.problems = problems;
  }
}

/** A value as a problem message shows it: JSON where it can be. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
