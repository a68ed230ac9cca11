import * as fs from 'node:fs';
import * as path from 'node:path';

/** A file under the served root changed (created, edited, deleted or renamed). */
export interface FileChange {
  /** Absolute file-system path. */
  path: string;
}

export interface Subscription {
  dispose(): void;
}

/**
 * Where change events come from. The core does not watch files itself: the CLI passes a
 * WatchChangeSource (fs.watch), the extension one built on VS Code's file watcher and editor
 * events, so VS Code's own watcher excludes apply.
 */
export interface ChangeSource {
  onChange(listener: (change: FileChange) => void): Subscription;
}

/** A ChangeSource the host feeds by hand; also handy in tests. */
export class ManualChangeSource implements ChangeSource {
  private readonly listeners = new Set<(change: FileChange) => void>();

  onChange(listener: (change: FileChange) => void): Subscription {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  fire(filePath: string): void {
    for (const l of this.listeners) l({ path: filePath });
  }
}

/**
 * Watches a folder tree with `fs.watch(recursive)`. Errors (a watched folder removed, the
 * watcher limit reached) go to `onError`; they never throw into the server.
 */
export class WatchChangeSource extends ManualChangeSource implements Subscription {
  private watcher: fs.FSWatcher | undefined;

  constructor(private readonly root: string, private readonly onError: (err: Error) => void = () => undefined) {
    super();
  }

  start(): this {
    if (this.watcher) return this;
    this.watcher = fs.watch(this.root, { recursive: true }, (_event, name) => {
      if (name) this.fire(path.join(this.root, name.toString()));
    });
    this.watcher.on('error', (err) => this.onError(err));
    return this;
  }

  dispose(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }
}
