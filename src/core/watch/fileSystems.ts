import * as fs from 'node:fs';

/**
 * File systems whose changes may come from elsewhere (the Windows side of WSL, another machine, a
 * VM's host, a FUSE daemon), so no inotify event reports them. Magic numbers from Linux's statfs
 * (as GNU coreutils names them). Only Linux is asked: macOS's statfs type numbers are not stable,
 * and Windows' watcher hears SMB shares; there `--poll` is the user's choice.
 */
const EVENTLESS: ReadonlyMap<number, string> = new Map([
  [0x01021997, "9p (WSL 2's drvfs, /mnt/c)"],
  [0x53464846, "WSL 1's drvfs"],
  [0x6969, 'NFS'],
  [0x517b, 'SMB'],
  [0xff534d42, 'CIFS'],
  [0xfe534d42, 'SMB2'],
  [0x65735546, 'FUSE'],
  [0x6a656a63, "virtiofs (a container's bind mount)"],
  [0x786f4256, 'VirtualBox shared folder'],
  [0xbacbacbc, 'VMware shared folder'],
  [0x7c7c6673, 'Parallels shared folder'],
  [0x00c36400, 'CephFS'],
  [0x5346414f, 'AFS'],
]);

/** What is asked of the system, injected in tests. */
export interface FileSystemFacts {
  platform: NodeJS.Platform;
  statfs(path: string): Promise<{ type: number }>;
}

export const SYSTEM_FACTS: FileSystemFacts = { platform: process.platform, statfs: (p) => fs.promises.statfs(p) };

/** The name of the file system `root` is on when it delivers no change events; undefined otherwise or when unknown. */
export async function eventlessFileSystem(
  root: string,
  facts: FileSystemFacts = SYSTEM_FACTS,
): Promise<string | undefined> {
  if (facts.platform !== 'linux') return undefined;
  try {
    // statfs's f_type is a signed 32-bit field on some ABIs: read it as unsigned.
    return EVENTLESS.get((await facts.statfs(root)).type >>> 0);
  } catch {
    return undefined;
  }
}
