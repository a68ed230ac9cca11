/** Where a tree source reports: paths that changed (absolute), or an error that ends it. */
export interface TreeSink {
  changed(paths: readonly string[]): void;
  failed(err: Error): void;
}

/** How a tree is being watched: the native watcher, Node's fs.watch, or polling. */
export type TreeSourceKind = 'native' | 'fs.watch' | 'poll';

/** One running way of hearing of changes anywhere in a tree. */
export interface TreeSource {
  readonly kind: TreeSourceKind;
  close(): Promise<void>;
}
