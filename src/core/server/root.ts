import * as fs from 'node:fs';
import { OptionsError } from '../config';
import { SiteTree, type MountedFolder } from '../files';
import { decodeSegments } from '../http';

/** The served folder with its symlinks resolved; RootError when it is missing or not a folder. */
export async function resolveRoot(root: string): Promise<string> {
  let real: string;
  try {
    real = await fs.promises.realpath(root);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new RootError(root, code === 'ENOENT' ? 'the folder does not exist' : (err as Error).message);
  }
  const stats = await fs.promises.stat(real);
  if (!stats.isDirectory()) throw new RootError(root, 'it is not a folder');
  return real;
}

/** The folder to serve is missing or not a directory. */
export class RootError extends Error {
  readonly code = 'FERROX_ROOT';
  constructor(
    readonly root: string,
    reason: string,
  ) {
    super(`Cannot serve ${root}: ${reason}`);
    this.name = 'RootError';
  }
}

/**
 * The site: the root, and each `mount` folder with its symlinks resolved. A mount that is missing
 * or not a folder is an OptionsError naming it, before anything changes.
 */
export async function resolveSite(
  root: string,
  realRoot: string,
  mount: Readonly<Record<string, string>>,
): Promise<SiteTree> {
  const problems: string[] = [];
  const mounts = await Promise.all(
    Object.entries(mount).map(async ([prefix, dir]): Promise<MountedFolder | undefined> => {
      try {
        const realDir = await fs.promises.realpath(dir);
        if ((await fs.promises.stat(realDir)).isDirectory()) return { segments: decodePrefix(prefix), dir, realDir };
        problems.push(`mount: ${dir} (for ${prefix}) is not a folder`);
      } catch {
        problems.push(`mount: the folder ${dir} (for ${prefix}) does not exist`);
      }
      return undefined;
    }),
  );
  if (problems.length > 0) throw new OptionsError(problems);
  return new SiteTree(
    root,
    realRoot,
    mounts.filter((m): m is MountedFolder => m !== undefined),
  );
}

/** A checked prefix (`/vendor/my%20lib`) as the decoded segments requests are matched by. */
function decodePrefix(prefix: string): string[] {
  return (decodeSegments(prefix)?.decoded ?? []).filter((s) => s !== '');
}
