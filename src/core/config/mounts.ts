import * as path from 'node:path';
import { parsePrefixes } from '../proxy';

/**
 * `mount`: URL prefix → folder, another folder served under a path (`/vendor` →
 * `../shared/vendor`). Prefixes are checked like proxy rules' (plain paths, not Ferrox's own
 * routes); a prefix may not be "/" (that is the root) or name a hidden segment (never served).
 * Folders are resolved against the working directory, as the root is; that they exist is
 * checked when a server is prepared (they may appear later).
 */
export function parseMounts(input: unknown, problems: string[]): Record<string, string> {
  if (input === undefined) return {};
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    problems.push(
      `mount must map path prefixes to folders, such as { "/vendor": "../shared/vendor" }, got ${JSON.stringify(input)}`,
    );
    return {};
  }
  const mounts: Record<string, string> = {};
  for (const [key, dir] of Object.entries(input as Record<string, unknown>)) {
    const [prefix] = parsePrefixes([key], 'mount', problems);
    if (prefix === undefined) {
      if (key.replace(/\/+$/, '') === '')
        problems.push(`mount: the prefix "${key}" is the root itself; mount a folder under a path such as "/vendor"`);
      continue;
    }
    if (prefix.split('/').some((s) => s.startsWith('.'))) {
      problems.push(`mount: the prefix "${key}" names a hidden path, which is never served`);
      continue;
    }
    if (typeof dir !== 'string' || dir.trim() === '' || dir.includes('\0')) {
      problems.push(`mount: the folder for "${key}" must be a path, got ${JSON.stringify(dir)}`);
      continue;
    }
    if (mounts[prefix] !== undefined) {
      problems.push(`mount: the prefix "${prefix}" is given twice`);
      continue;
    }
    mounts[prefix] = path.resolve(dir);
  }
  return mounts;
}
