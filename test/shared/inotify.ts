import * as fs from 'node:fs';

/** The inotify watches a process holds: one "inotify wd:" line each in its inotify descriptors' fdinfo (Linux). */
export function inotifyWatches(pid: number | 'self' = 'self'): number {
  let n = 0;
  for (const fd of fs.readdirSync(`/proc/${pid}/fdinfo`)) {
    try {
      n += (fs.readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8').match(/^inotify wd:/gm) ?? []).length;
    } catch {
      // closed while reading
    }
  }
  return n;
}
