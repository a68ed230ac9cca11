/** Setting helpers with no vscode import, so unit tests can run them in plain Node. */
import * as os from 'node:os';
import * as path from 'node:path';

/** Core option names and the settings they come from, for messages users can act on. */
const SETTING_FOR_OPTION: Record<string, string> = {
  root: 'root',
  host: 'host',
  port: 'port',
  directoryListing: 'directoryListing',
  headers: 'headers',
  spa: 'spa',
  cors: 'cors',
  compression: 'compression',
  keepAliveTimeoutMs: 'keepAliveTimeout',
  headersTimeoutMs: 'headersTimeout',
  requestTimeoutMs: 'requestTimeout',
  maxHeaderSize: 'maxHeaderSize',
  allowedHosts: 'allowedHosts',
  'tls.cert': 'tls.cert',
  'tls.key': 'tls.key',
  tls: 'tls',
  redirectPort: 'tls.redirectPort',
  liveReload: 'liveReload.enabled',
  liveReloadDebounceMs: 'liveReload.debounce',
  liveReloadIgnore: 'liveReload.ignore',
  cssInPlace: 'liveReload.cssInPlace',
  htmlInPlace: 'liveReload.htmlInPlace',
  livePoll: 'liveReload.poll',
  livePollIntervalMs: 'liveReload.pollInterval',
  errorOverlay: 'errorOverlay',
  sync: 'sync',
  crossOriginIsolation: 'crossOriginIsolation',
  browserConsole: 'browserConsole',
  http2: 'http2',
  proxy: 'proxy',
  notFoundPage: 'notFoundPage',
  cleanUrls: 'cleanUrls',
  markdown: 'markdown',
  trustProxy: 'trustProxy',
  backend: 'backend.command',
  backendUrl: 'backend.url',
  static: 'backend.static',
  watch: 'watch',
  mount: 'mount',
};

/** Rewrites a core validation message so it names `ferrox.*` settings instead of option names. */
export function nameSettings(problem: string): string {
  // Option names appear at the start of a message, before " (value)", or as tls.cert / tls.key;
  // elsewhere the same words are prose ("a host name") and stay as they are.
  return problem.replace(
    /(^|\b)(tls\.cert|tls\.key|[a-zA-Z]+)(?=( \(|\b))/g,
    (word, lead: string, name: string, after: string, offset: number) => {
      const setting = SETTING_FOR_OPTION[name];
      const isName = offset === 0 || after === ' (' || name.startsWith('tls.');
      return setting && isName ? `${lead}ferrox.${setting}` : word;
    },
  );
}

/** Expands `${workspaceFolder}` and `~`, and resolves a relative path against the folder. */
export function expandPath(value: string, folder: string): string {
  let p = value.replace(/\$\{workspaceFolder\}/g, folder);
  if (p === '~' || p.startsWith('~/') || p.startsWith('~\\')) p = path.join(os.homedir(), p.slice(1));
  return path.resolve(folder, p);
}
