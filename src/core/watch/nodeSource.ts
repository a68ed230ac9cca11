import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TreeSink, TreeSource } from './source';

/**
 * Node's recursive fs.watch: the fallback where the native watcher cannot load. On macOS and
 * Windows it is one native handle; on Linux Node walks the tree and watches every entry, ignored
 * folders included, which is what the native watcher is for. Ignored paths are dropped here.
 */
export function nodeSource(root: string, isIgnored: (rel: string) => boolean, sink: TreeSink): TreeSource {
  const watcher = fs.watch(root, { recursive: true, persistent: false }, (_event, name) => {
    if (!name) return sink.changed([root]);
    const rel = name.toString();
    if (!isIgnored(rel.split(path.sep).join('/'))) sink.changed([path.join(root, rel)]);
  });
  watcher.on('error', (err) => sink.failed(err));
  return {
    kind: 'fs.watch',
    close: async () => watcher.close(),
  };
}
