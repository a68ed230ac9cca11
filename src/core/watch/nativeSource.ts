import type * as ParcelWatcher from '@parcel/watcher';
import type { TreeSink, TreeSource } from './source';

type Watcher = typeof ParcelWatcher;

/**
 * @parcel/watcher (VS Code's own watcher): native inotify, FSEvents and Windows backends that
 * watch folders, not files, never walk what `ignore` names, and read events on their own thread.
 * It is an optional dependency of the CLI; where it cannot load (the VSIX leaves it out; a
 * platform without a prebuilt binary) the caller falls back to fs.watch.
 */
export function loadNativeWatcher(): Watcher | undefined {
  try {
    // Kept out of the bundles (esbuild.mjs): a native addon is loaded from node_modules.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('@parcel/watcher') as Watcher;
  } catch {
    return undefined;
  }
}

/** Subscribes to `root`; rejects when the backend cannot watch it (the watch limit among others). */
export async function nativeSource(
  watcher: Watcher,
  root: string,
  ignoreGlobs: readonly string[],
  sink: TreeSink,
): Promise<TreeSource> {
  const subscription = await watcher.subscribe(
    root,
    (err, events) => {
      if (err) sink.failed(err);
      else if (events.length > 0) sink.changed(events.map((e) => e.path));
    },
    { ignore: [...ignoreGlobs] },
  );
  return { kind: 'native', close: () => subscription.unsubscribe() };
}
