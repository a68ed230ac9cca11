import * as fs from 'node:fs';
import { OptionsError } from '../config';
import { TreeWatch, type TreeWatchSettings } from '../watch';

/**
 * The `watch` folders: outside the served root, watched only for live reload, because a backend
 * renders from them (Flask's templates/ beside static/). Each is one TreeWatch (started at once:
 * it never delays a response); a change in one counts as "rendered" (live/changes/changeBatcher.ts).
 */
export class WatchedFolders {
  private watches = new Map<string, TreeWatch>();
  private settings: TreeWatchSettings = {};

  constructor(
    private readonly onChange: (filePath: string) => void,
    private readonly onNotice: (folder: string, level: 'info' | 'warning', message: string) => void,
  ) {}

  /** The folders with their symlinks resolved, as the watches report paths; a missing one is an OptionsError. */
  static async resolve(folders: readonly string[]): Promise<string[]> {
    const problems: string[] = [];
    const real = await Promise.all(
      folders.map(async (folder) => {
        try {
          if ((await fs.promises.stat(folder)).isDirectory()) return await fs.promises.realpath(folder);
          problems.push(`watch: ${folder} is not a folder`);
        } catch {
          problems.push(`watch: the folder ${folder} does not exist`);
        }
        return folder;
      }),
    );
    if (problems.length > 0) throw new OptionsError(problems);
    return real;
  }

  /**
   * Watches exactly `folders` (real paths), keeping the watches already open. New `settings` (how
   * to poll, what to ignore) start every watch again.
   */
  set(folders: readonly string[], settings: Omit<TreeWatchSettings, 'onNotice'> = this.settings): void {
    const renewed = JSON.stringify(settings) !== JSON.stringify(this.settings);
    this.settings = settings;
    for (const [folder, watch] of this.watches) {
      if (folders.includes(folder) && !renewed) continue;
      watch.dispose();
      this.watches.delete(folder);
    }
    for (const folder of folders) {
      if (this.watches.has(folder)) continue;
      const watch = new TreeWatch(folder, {
        ...settings,
        onNotice: (level, message) => this.onNotice(folder, level, message),
      });
      watch.onChange((change) => this.onChange(change.path));
      this.watches.set(folder, watch);
      void watch.start();
    }
  }

  close(): void {
    this.set([]);
  }
}
