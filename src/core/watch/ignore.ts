import picomatch from 'picomatch';

/**
 * What a tree watch never walks or watches: `node_modules`, hidden folders (`.git`, `.venv`,
 * `.cache`; the server never serves hidden names, so no page is made of them) and the user's
 * ignore globs (relative to the root; a bare name means that name anywhere). Files in them may
 * still be served: the caches hold their folders with folder watches of their own.
 */
export interface TreeIgnore {
  /** For the native watcher, which takes globs relative to the watched folder. */
  globs: string[];
  /** For the walkers (polling, the fs.watch fallback): `rel` is '/'-separated, relative to the root. */
  test(rel: string): boolean;
}

const ALWAYS = ['**/node_modules', '**/.*'];

export function treeIgnore(userGlobs: readonly string[] = []): TreeIgnore {
  const globs = [...ALWAYS];
  for (const glob of userGlobs) {
    const bare = !/[*?[\]{}/]/.test(glob);
    globs.push(bare ? `**/${glob}` : glob);
  }
  const match = picomatch(globs, { dot: true });
  return {
    globs,
    // A path is ignored when it or any folder above it is.
    test: (rel) => {
      const segments = rel.split('/');
      for (let i = 1; i <= segments.length; i++) if (match(segments.slice(0, i).join('/'))) return true;
      return false;
    },
  };
}
