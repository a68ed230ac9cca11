import * as fs from 'node:fs';

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
  constructor(readonly root: string, reason: string) {
    super(`Cannot serve ${root}: ${reason}`);
    this.name = 'RootError';
  }
}
