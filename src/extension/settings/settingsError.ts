import { loadCore } from '../coreLoader';
import { nameSettings } from './settingNames';

/** A settings problem the user must fix; the message names the setting. */
export class SettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'SettingsError';
  }
}

/** Core option errors become SettingsErrors that name `ferrox.*` settings. */
export function translate(err: unknown): unknown {
  const core = loadCore();
  if (!(err instanceof core.OptionsError)) return err;
  const declared = core.declaredOptions();
  return new SettingsError(err.problems.map((p) => nameSettings(p, declared)));
}
