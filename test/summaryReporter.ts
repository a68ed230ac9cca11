/**
 * Mocha's spec reporter plus one plain closing line, "unit: N passed, N failed", which CI reads
 * whatever the runner. `--reporter-option label=browser` changes the label.
 */
import Mocha from 'mocha';

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const label = (options?.reporterOptions as { label?: string } | undefined)?.label ?? 'unit';
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const s = runner.stats;
      if (s)
        process.stdout.write(
          `\n${label}: ${s.passes} passed, ${s.failures} failed${s.pending ? `, ${s.pending} skipped` : ''}\n`,
        );
    });
  }
}

export = SummaryReporter;
