import * as fs from 'node:fs';
import * as path from 'node:path';
import { isInside, type ChangeFeed, type FileChange, type Subscription } from '../files';
import { Listeners } from './feed';

/**
 * The feed of the CLI's live reload: one recursive fs.watch on the served folder. It reports real
 * paths (the root's symlinks resolved once, at start), and vouches for every folder under the
 * root while it is healthy. An error (a removed root, the watch limit) is reported once to
 * `onError`, counts as a change of the whole tree, and ends the vouching: the caches fall back
 * to a stat per request, and nothing is thrown into the server.
 */
export class TreeWatch implements ChangeFeed, Subscription {
  private readonly listeners = new Listeners();
  private watcher: fs.FSWatcher | undefined;
  private realRoot: string;
  private healthy = false;

  constructor(private readonly root: string, private readonly onError: (err: Error) => void = () => undefined) {
    this.realRoot = root;
  }

  start(): this {
    if (this.watcher) return this;
    try {
      this.realRoot = fs.realpathSync(this.root);
    } catch {
      this.realRoot = this.root;
    }
    this.watcher = fs.watch(this.root, { recursive: true }, (_event, name) => {
      this.listeners.fire(name ? path.join(this.realRoot, name.toString()) : this.realRoot);
    });
    this.healthy = true;
    this.watcher.on('error', (err) => {
      if (!this.healthy) return;
      this.healthy = false;
      this.listeners.fire(this.realRoot);
      this.onError(err);
    });
    return this;
  }

  onChange(listener: (change: FileChange) => void): Subscription {
    return this.listeners.add(listener);
  }

  covers(dir: string): boolean {
    return this.healthy && isInside(this.realRoot, dir);
  }

  hold(dir: string): boolean {
    return this.covers(dir);
  }

  release(): void {}

  dispose(): void {
    this.healthy = false;
    this.watcher?.close();
    this.watcher = undefined;
  }
}
