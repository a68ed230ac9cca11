import * as vscode from 'vscode';
import type { TreeWatch } from '../../core';
import { loadCore } from '../coreLoader';

export interface PollSettings {
  mode: 'auto' | 'always' | 'never';
  intervalMs: number;
  /** `ferrox.liveReload.ignore`; the globs `files.watcherExclude` turns on are added: neither is walked. */
  ignore: readonly string[];
}

/**
 * Polling beside VS Code's watcher, for a root where that watcher hears nothing made elsewhere
 * (WSL's /mnt/c, a network drive, a VM's shared folder: the core's `eventlessFileSystem` tells),
 * or always when the user says so. What the editor itself reported is not reported again by a
 * poll shortly after (a save would otherwise reload a page twice).
 */
export class EditorPolling {
  private watch: TreeWatch | undefined;
  private closed = false;
  private readonly reportedAt = new Map<string, number>();

  constructor(
    private readonly root: string,
    private readonly fire: (filePath: string) => void,
  ) {}

  /** Starts polling if `settings` call for it; resolves with the reason, or undefined when it does not poll. */
  async start(settings: PollSettings, onNotice: (message: string) => void): Promise<string | undefined> {
    if (settings.mode === 'never') return undefined;
    const core = loadCore();
    const fileSystem = settings.mode === 'auto' ? await core.eventlessFileSystem(this.root) : undefined;
    if (this.closed || (settings.mode === 'auto' && !fileSystem)) return undefined;
    const why = fileSystem
      ? `it is on ${fileSystem}, which reports no changes made outside this system`
      : 'ferrox.liveReload.poll is "always"';
    const window = 3 * settings.intervalMs + 1000;
    const excluded =
      vscode.workspace
        .getConfiguration('files', vscode.Uri.file(this.root))
        .get<Record<string, boolean>>('watcherExclude') ?? {};
    const ignore = [...settings.ignore, ...Object.keys(excluded).filter((glob) => excluded[glob] === true)];
    this.watch = new core.TreeWatch(this.root, {
      poll: 'always',
      pollIntervalMs: settings.intervalMs,
      ignore,
      onNotice: (_level, message) => onNotice(message),
    });
    this.watch.onChange(({ path }) => {
      if (Date.now() - (this.reportedAt.get(path) ?? -Infinity) > window) this.fire(path);
    });
    await this.watch.start();
    onNotice(`Polling ${this.root} for changes every ${settings.intervalMs} ms: ${why}.`);
    return why;
  }

  /** The editor reported `filePath` (a save, VS Code's watcher): a poll that finds it soon after stays quiet. */
  reported(filePath: string): void {
    const now = Date.now();
    this.reportedAt.set(filePath, now);
    if (this.reportedAt.size > 1000)
      for (const [p, at] of this.reportedAt) if (now - at > 60_000) this.reportedAt.delete(p);
  }

  dispose(): void {
    this.closed = true;
    this.watch?.dispose();
  }
}
