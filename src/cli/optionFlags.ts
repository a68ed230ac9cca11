/**
 * The core names options as ServerOptions does; a person at a terminal typed flags. This says the
 * core's validation messages in flags, as the extension says them in settings.
 */
const FLAG_FOR_OPTION: Record<string, string> = {
  host: '--host',
  port: '--port',
  directoryListing: '--no-listing',
  headers: '--header',
  spa: '--spa',
  cors: '--cors',
  compression: '--no-compression',
  keepAliveTimeoutMs: '--keep-alive-timeout-ms',
  headersTimeoutMs: '--headers-timeout-ms',
  requestTimeoutMs: '--request-timeout-ms',
  maxHeaderSize: '--max-header-size',
  allowedHosts: '--allowed-hosts',
  'tls.cert': '--tls-cert',
  'tls.key': '--tls-key',
  redirectPort: '--redirect-port',
  liveReloadDebounceMs: '--live-debounce-ms',
  liveReloadIgnore: '--live-ignore',
  browserConsole: '--browser-console',
  notFoundPage: '--not-found-page',
  cleanUrls: '--clean-urls',
  markdown: '--no-markdown',
  trustProxy: '--trust-proxy',
  proxy: '--proxy',
  backend: '--backend',
  backendUrl: '--backend-url',
  static: '--static',
  watch: '--watch',
  mount: '--mount',
  backendStartTimeoutMs: '--backend-start-timeout-ms',
  livePollIntervalMs: '--poll',
  livePoll: '--poll',
  errorOverlay: '--error-overlay',
  crossOriginIsolation: '--isolate',
  sync: '--sync',
};

/** A core validation message with the flags named instead of the options (and TLS said the CLI's way). */
export function nameFlags(problem: string): string {
  return problem
    .replace(/set tls\.cert and tls\.key/g, 'give --https, or --tls-cert and --tls-key')
    .replace(/(^|; |\n)(tls\.cert|tls\.key|[a-zA-Z]+)(?=[ :])/g, (word, lead: string, name: string) => {
      const flag = FLAG_FOR_OPTION[name];
      return flag ? `${lead}${flag}` : word;
    });
}
