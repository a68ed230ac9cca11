import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** What marks a project's own folder: its repository, or its package manifest. */
const MARKERS = ['.git', 'package.json'];

/**
 * The project the served folder belongs to: the nearest folder at or above `root` that holds a
 * repository or a package manifest, never the home folder or above; `root` itself when none does.
 * A source map's originals are looked for there (`src/` beside a served `dist/`), nowhere else.
 */
export function projectFolder(
  root: string,
  exists: (file: string) => boolean = fs.existsSync,
  home = os.homedir(),
  paths: path.PlatformPath = path,
): string {
  const start = paths.resolve(root);
  for (let dir = start; ; dir = paths.dirname(dir)) {
    const up = paths.relative(dir, home);
    // The home folder, or a folder above it: everything the user has is no project.
    if (up === '' || (!up.startsWith('..') && !paths.isAbsolute(up))) return start;
    if (MARKERS.some((m) => exists(paths.join(dir, m)))) return dir;
    if (paths.dirname(dir) === dir) return start;
  }
}
