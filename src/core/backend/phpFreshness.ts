import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * PHP settings that make every saved file show at the next request. Most distributions' php.ini
 * turn OPcache on with `revalidate_freq=2`: a file rendered once is not looked at again for 2 s,
 * so an edit right after a render would come back unchanged. A production php.ini may not check
 * timestamps at all. Ferrox does not rewrite the command: PHP reads these from one more
 * configuration folder (PHP_INI_SCAN_DIR), after the user's own; nothing else is changed.
 */
const INI = 'opcache.validate_timestamps=1\nopcache.revalidate_freq=0\n';

/**
 * PHP_INI_SCAN_DIR with `dir` added after what it names: the folders the user set, or, when
 * unset, PHP's own (an empty entry stands for them). The list separator is the platform's.
 */
export function withScanDir(
  existing: string | undefined,
  dir: string,
  platform: NodeJS.Platform = process.platform,
): string {
  const sep = platform === 'win32' ? ';' : ':';
  return `${existing ?? ''}${sep}${dir}`;
}

/**
 * A folder holding Ferrox's PHP settings, made for one backend; `dispose` removes it. Undefined
 * when the temporary folder cannot take it (full, read-only): the backend still starts, and a
 * page that stays the same after an edit still says why.
 */
export function freshnessIniDir(): { dir: string; dispose(): void } | undefined {
  let dir: string | undefined;
  try {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-php-'));
    fs.writeFileSync(path.join(dir, 'zz-ferrox-freshness.ini'), INI);
  } catch {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  const made = dir;
  return { dir: made, dispose: () => fs.rmSync(made, { recursive: true, force: true }) };
}
