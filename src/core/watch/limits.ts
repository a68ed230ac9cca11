/** True for the error a watcher meets when the system's inotify watches are used up. */
export function isWatchLimit(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  return e?.code === 'ENOSPC' || /ENOSPC|No space left on device|number of file watchers/i.test(e?.message ?? '');
}

/** The one message for it, with the exact fix. */
export function watchLimitMessage(current?: number): string {
  const now = current !== undefined ? ` (fs.inotify.max_user_watches is ${current})` : '';
  return (
    `The system's limit of file watches is reached${now}, so Ferrox polls for changes instead, ` +
    'still serving. To raise the limit: echo fs.inotify.max_user_watches=524288 | sudo tee /etc/sysctl.d/60-inotify.conf && sudo sysctl --system'
  );
}
