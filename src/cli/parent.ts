/**
 * `npm start` runs the CLI through `sh -c`, and a SIGTERM sent to npm ends npm and that shell but
 * never reaches the CLI (dash passes no signals on, and does not exec its last command). So when
 * npm started us, on POSIX, we watch for our parent going away, which makes us an orphan whose
 * parent id changes, and stop as if we had been sent SIGTERM. A CLI started any other way (by a
 * shell, nohup, a process manager) keeps running when its parent exits, as servers should.
 */
export function stopWhenNpmGoesAway(stop: () => void, env: NodeJS.ProcessEnv = process.env): void {
  if (process.platform === 'win32' || env.npm_lifecycle_event === undefined) return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    stop();
  }, 500);
  timer.unref();
}
