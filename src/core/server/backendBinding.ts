import { backendHints, BackendSupervisor, renderBackendDown, type BackendLine, type BackendState } from '../backend';
import type { ResolvedOptions } from '../config';
import type { ProxySetup, SiteBackend } from '../pipeline';
import { parseProxyRules, siteRule, type ProxyPool } from '../proxy';

/** What the backend tells its server. */
export interface BackendHost {
  onOutput(line: BackendLine): void;
  onState(state: BackendState): void;
  /** The backend went down or came back: pages it renders should look again. */
  rendered(): void;
  /** Something about the command the user should know (a cache that hides edits). */
  onHint(message: string): void;
}

/**
 * The backend's place in a running server: started before the server listens, restarted when
 * its command or folder changes, stopped with the server. A backend the user runs (`backendUrl`)
 * only needs its rule.
 */
export class BackendBinding {
  private supervisor: BackendSupervisor | undefined;
  private key = '';

  constructor(private readonly host: BackendHost) {}

  /** The state of the backend Ferrox runs; undefined when it runs none. */
  get state(): BackendState | undefined {
    return this.supervisor?.state;
  }

  /** Starts, restarts or stops the backend for `o`; rejects with a BackendStartError when it cannot start. */
  async configure(o: ResolvedOptions): Promise<void> {
    const key = o.backend === undefined ? '' : `${o.backend}\0${o.root}\0${o.backendStartTimeoutMs}`;
    if (key === this.key && (key === '' || this.supervisor)) return;
    await this.stop();
    if (o.backend === undefined) return;
    for (const hint of backendHints(o.backend)) this.host.onHint(hint);
    const supervisor = new BackendSupervisor({ command: o.backend, cwd: o.root, startTimeoutMs: o.backendStartTimeoutMs });
    supervisor.on('output', (line) => this.host.onOutput(line));
    supervisor.on('state', (state) => {
      this.host.onState(state);
      if (state === 'running' || state === 'exited') this.host.rendered();
    });
    try {
      await supervisor.start();
    } catch (err) {
      await supervisor.stop();
      throw err;
    }
    this.supervisor = supervisor;
    this.key = key;
  }

  /** The proxy part of a configuration: the user's rules, then the site's backend; undefined when neither. */
  proxySetup(o: ResolvedOptions, pool: ProxyPool, onFailure: (message: string) => void): ProxySetup | undefined {
    const site = this.site(o);
    const rules = [...parseProxyRules(o.proxy, []), ...(site ? [site.rule] : [])];
    return rules.length > 0 ? { rules, servedHere: o.static, site, pool, onFailure } : undefined;
  }

  private site(o: ResolvedOptions): SiteBackend | undefined {
    const supervisor = this.supervisor;
    if (supervisor) {
      return {
        rule: siteRule(new URL(`http://127.0.0.1:${supervisor.port}`)),
        down: (local) => (supervisor.state === 'running' ? undefined
          : renderBackendDown(supervisor.command, supervisor.exit, supervisor.state !== 'stopped', local)),
        output: { mark: () => supervisor.linesWritten, since: (mark) => supervisor.linesSince(mark) },
      };
    }
    return o.backendUrl === undefined ? undefined : { rule: siteRule(new URL(o.backendUrl)) };
  }

  async stop(): Promise<void> {
    const supervisor = this.supervisor;
    this.supervisor = undefined;
    this.key = '';
    await supervisor?.stop();
  }
}
