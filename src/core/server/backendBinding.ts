import * as net from 'node:net';
import {
  BackendStartError,
  BackendSupervisor,
  cacheCause,
  exposedOn,
  loopbackFix,
  outputHint,
  renderBackendDown,
  type BackendLine,
  type BackendState,
} from '../backend';
import type { ResolvedOptions } from '../config';
import type { ProxySetup, SiteBackend } from '../pipeline';
import { parseProxyRules, siteRule, type ProxyPool } from '../proxy';

/** What the backend tells its server. */
export interface BackendHost {
  onOutput(line: BackendLine): void;
  onState(state: BackendState): void;
  /** The backend went down or came back: pages it renders should look again. */
  rendered(): void;
  /** Something about the backend the user should know (a cache that hides edits, the network it answers on). */
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
  /** The server is shared: a backend that answers the network would be reached around the token. */
  private shared = false;
  /** Flask said "Debug mode: off" (its templates are cached). */
  private flaskDebugOff = false;
  /** The page note about caches has been said in the log (once per backend). */
  private cacheSaid = false;

  constructor(private readonly host: BackendHost) {}

  /** The state of the backend Ferrox runs; undefined when it runs none. */
  get state(): BackendState | undefined {
    return this.supervisor?.state;
  }

  /**
   * Starts, restarts or stops the backend for `o`; rejects with a BackendStartError when it cannot
   * start, or when the server is to be shared while the backend also answers on the network.
   */
  async configure(o: ResolvedOptions): Promise<void> {
    const sharing = o.accessToken !== undefined;
    const key = keyOf(o);
    if (key === this.key && (key === '' || this.supervisor)) {
      await this.assertShareable(o);
      this.shared = sharing;
      return;
    }
    await this.stop();
    this.shared = sharing;
    this.flaskDebugOff = false;
    this.cacheSaid = false;
    if (o.backend === undefined) return;
    const supervisor = new BackendSupervisor({
      command: o.backend,
      cwd: o.root,
      startTimeoutMs: o.backendStartTimeoutMs,
    });
    const said = new Set<string>();
    supervisor.on('output', (line) => {
      this.host.onOutput(line);
      // What the backend says of itself decides, not its command line; each hint once.
      const hint = outputHint(line.text);
      if (hint === undefined || said.has(hint)) return;
      said.add(hint);
      this.flaskDebugOff = this.flaskDebugOff || /Flask/.test(hint);
      this.host.onHint(hint);
    });
    let started = false;
    supervisor.on('state', (state) => {
      this.host.onState(state);
      if (state === 'running' || state === 'exited') this.host.rendered();
      // Restarted after a crash, still shared: it must still keep to loopback, or it stops.
      if (state === 'running' && started && this.shared && this.supervisor === supervisor)
        void this.checkExposure(supervisor, false);
    });
    try {
      await supervisor.start();
      await this.checkExposure(supervisor, sharing);
    } catch (err) {
      await supervisor.stop();
      throw err;
    }
    started = true;
    this.supervisor = supervisor;
    this.key = key;
  }

  /**
   * Rejects (BackendStartError) when `o` would begin sharing while the backend already running
   * for it answers the network: asked before anything else changes, so the server stays as it was.
   */
  async assertShareable(o: ResolvedOptions): Promise<void> {
    if (o.accessToken !== undefined && !this.shared && this.supervisor && keyOf(o) === this.key)
      await this.checkExposure(this.supervisor, true);
  }

  /**
   * Whether the backend also answers on this machine's other addresses, where other devices reach
   * it around Ferrox. Said plainly with the fix for that backend; `refuse` (sharing is asked for)
   * rejects, and a backend that binds the network again after a restart while shared is stopped.
   */
  private async checkExposure(supervisor: BackendSupervisor, refuse: boolean): Promise<void> {
    const port = supervisor.port;
    const exposed = await exposedOn(port);
    if (exposed.length === 0) return;
    const where = exposed.map((a) => `${net.isIPv6(a) ? `[${a}]` : a}:${port}`).join(', ');
    const said = `The backend "${supervisor.command}" also answers on ${where}, so other devices on your network reach it directly, around Ferrox`;
    const fix = loopbackFix(supervisor.command);
    if (refuse) {
      throw new BackendStartError(
        `${said} and without the share link's token. Ferrox shares it only once it listens on 127.0.0.1 alone. ${fix}`,
        [],
      );
    }
    if (!this.shared) {
      this.host.onHint(`${said}. ${fix}`);
      return;
    }
    this.host.onHint(`${said} and without the share link's token, so Ferrox stopped it. ${fix}`);
    await supervisor.stop();
  }

  /** The proxy part of a configuration: the user's rules, then the site's backend; undefined when neither. */
  proxySetup(o: ResolvedOptions, pool: ProxyPool, onFailure: (message: string) => void): ProxySetup | undefined {
    const site = this.site(o);
    const rules = [...parseProxyRules(o.proxy, []), ...(site ? [site.rule] : [])];
    return rules.length > 0 ? { rules, servedHere: o.static, site, pool, onFailure } : undefined;
  }

  private site(o: ResolvedOptions): SiteBackend | undefined {
    const supervisor = this.supervisor;
    const unchangedNote = (edited: string | undefined) => this.unchangedNote(supervisor?.command, edited);
    if (supervisor) {
      return {
        rule: siteRule(new URL(`http://127.0.0.1:${supervisor.port}`)),
        down: (local) =>
          supervisor.state === 'running'
            ? undefined
            : renderBackendDown(supervisor.command, supervisor.exit, supervisor.state !== 'stopped', local),
        output: { mark: () => supervisor.linesWritten, since: (mark) => supervisor.linesSince(mark) },
        unchangedNote,
      };
    }
    return o.backendUrl === undefined ? undefined : { rule: siteRule(new URL(o.backendUrl)), unchangedNote };
  }

  /** The note for a page that came back the same after an edit; said in the log the first time. */
  private unchangedNote(command: string | undefined, edited: string | undefined): string {
    const note =
      `After ${edited ? `your edit to ${edited}` : 'your edit'} this page came back unchanged. If it uses that file, the backend ` +
      `most likely caches it. ${cacheCause(command, this.flaskDebugOff)}`;
    if (!this.cacheSaid) {
      this.cacheSaid = true;
      this.host.onHint(note);
    }
    return note;
  }

  async stop(): Promise<void> {
    const supervisor = this.supervisor;
    this.supervisor = undefined;
    this.key = '';
    await supervisor?.stop();
  }
}

/** What a backend is started for: a change restarts it. */
function keyOf(o: ResolvedOptions): string {
  return o.backend === undefined ? '' : `${o.backend}\0${o.root}\0${o.backendStartTimeoutMs}`;
}
