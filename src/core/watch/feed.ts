import type { ChangeFeed, FileChange, Subscription } from '../files';

/** Listeners of a feed, and the events they get. */
export class Listeners {
  private readonly listeners = new Set<(change: FileChange) => void>();

  add(listener: (change: FileChange) => void): Subscription {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  fire(filePath: string): void {
    for (const l of this.listeners) l({ path: filePath });
  }
}

/**
 * A feed the host fills by hand (tests, or a host that hears of changes its own way). It vouches
 * for no folder: what it reports arrives whenever the host says so.
 */
export class ManualChangeFeed implements ChangeFeed {
  private readonly listeners = new Listeners();

  onChange(listener: (change: FileChange) => void): Subscription {
    return this.listeners.add(listener);
  }

  fire(filePath: string): void {
    this.listeners.fire(filePath);
  }

  hold(): boolean {
    return false;
  }

  covers(): boolean {
    return false;
  }

  release(): void {}
}
