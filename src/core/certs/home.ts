import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The user's Ferrox folder, which holds the local CA and certificates. Never inside a
 * workspace: `$FERROX_HOME`, else `$XDG_CONFIG_HOME/ferrox`, else `~/.config/ferrox`
 * (`%APPDATA%\ferrox` on Windows).
 */
export function ferroxHome(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home = os.homedir(),
): string {
  if (env.FERROX_HOME) return path.resolve(env.FERROX_HOME);
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'ferrox');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'ferrox');
}
