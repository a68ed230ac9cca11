// A process tree's footprint read from /proc (Linux): the benchmarks measure servers that fork.
import * as fs from 'node:fs';

/** `pid` and every descendant. */
export function processTree(pid) {
  const all = [pid];
  for (let i = 0; i < all.length; i++) {
    let children = '';
    try {
      children = fs.readFileSync(`/proc/${all[i]}/task/${all[i]}/children`, 'utf8');
    } catch {
      /* gone */
    }
    for (const c of children.trim().split(/\s+/).filter(Boolean)) all.push(Number(c));
  }
  return all;
}

function read(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Resident memory of the tree, in MB. */
export function treeRssMb(pid) {
  return (
    processTree(pid).reduce((sum, p) => sum + Number(/VmRSS:\s+(\d+)/.exec(read(`/proc/${p}/status`))?.[1] ?? 0), 0) /
    1024
  );
}

/** User and system CPU time the tree has used, in seconds (clock ticks of 1/100 s). */
export function treeCpuSeconds(pid) {
  return processTree(pid).reduce((sum, p) => {
    const fields = read(`/proc/${p}/stat`)
      .replace(/^.*\) /, '')
      .split(' ');
    return sum + (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
  }, 0);
}

/** inotify watches the tree holds: one "inotify wd:" line each in its inotify descriptors' fdinfo. */
export function treeWatches(pid) {
  let n = 0;
  for (const p of processTree(pid)) {
    let fds;
    try {
      fds = fs.readdirSync(`/proc/${p}/fdinfo`);
    } catch {
      continue;
    }
    for (const fd of fds) n += (read(`/proc/${p}/fdinfo/${fd}`).match(/^inotify wd:/gm) ?? []).length;
  }
  return n;
}
