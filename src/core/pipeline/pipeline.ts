import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { sendError } from '../http';
import { baseHeaders } from './steps/baseHeaders';
import { devtoolsWorkspace } from './steps/devtoolsWorkspace';
import type { Exchange, PipelineConfig } from './exchange';
import { guard } from './steps/guard';
import { hostHeaders, hostRoutes } from './steps/hostRules';
import { HotPath } from './hotPath';
import { liveRoutes } from './steps/liveRoutes';
import { phonePage } from './steps/phonePage';
import { siteState } from './steps/siteState';
import { corsPreflight, readsOnly } from './steps/methods';
import { proxied, upgrade } from './steps/proxyStep';
import { remembered } from './steps/remembered';
import { resolveFile } from './steps/resolve';
import { decodeTarget, refuseBadTarget } from './steps/target';

/** One step: answers the request (true), or passes it on to the next (false). */
type Step = (x: Exchange) => boolean | Promise<boolean>;

/** Every request the hot path does not take passes these steps, in this order. */
const STEPS: readonly Step[] = [
  // Every answer, refusals included, carries nosniff, CORS and the user's headers.
  baseHeaders,
  // Nothing is read or forwarded before the guard: the Host (DNS rebinding), the share token,
  // and absolute-form targets that name another host (this server is nobody's proxy).
  guard,
  // A navigation to a folder other than the one this origin served it last clears what that one left.
  siteState,
  // Decoded once, here. A bad target is refused only later: a proxy rule forwards raw bytes.
  decodeTarget,
  // The headers the hosts' files (`_headers`, `headers`) give this path, on whatever answers it.
  hostHeaders,
  // While shared: the phone's page, where the QR code leads, with the local CA to trust.
  phonePage,
  // Live reload's own routes: before the proxy, so that no rule (not even "/") takes them, and
  // before the method check, since pages POST their console and Alt+clicks there.
  liveRoutes,
  // Chrome's DevTools workspace file: the folder's path, to this machine alone, never while shared.
  devtoolsWorkspace,
  // The hosts' rules that come before the folder: redirects, forced rewrites, proxies, statuses.
  hostRoutes,
  // A path a proxy rule takes goes to its backend, whatever the method: the backend decides.
  proxied,
  // From here on the folder is only read: a CORS preflight is answered, other methods get 405.
  corsPreflight,
  readsOnly,
  // A target that does not decode (400), climbs out (403) or names a hidden file (404).
  refuseBadTarget,
  // Resolved before to a file the cache holds: the cache vouches or re-checks, no lookup.
  remembered,
  // Everything else is looked up in the folder: a file, a folder, or a 404.
  resolveFile,
];

/**
 * The request pipeline of one server: its hot path for repeats (hotPath.ts), then the steps
 * above. Answers every request, never throws: a failure becomes a 500 and `onError`.
 */
export class Pipeline {
  /** The configuration requests are answered with; undefined while none is ready. */
  config: PipelineConfig | undefined;
  private readonly hot = new HotPath((cfg, req, res) => this.run(cfg, req, res));

  constructor(private readonly onError: (err: Error, req: IncomingMessage) => void) {}

  handle(req: IncomingMessage, res: ServerResponse): void {
    const cfg = this.config;
    if (!cfg) {
      sendError(res, 503, 'The server is restarting.', req.method === 'HEAD');
      return;
    }
    if (!this.hot.take(cfg, req, res)) this.run(cfg, req, res);
  }

  /** An HTTP/1.1 Upgrade (a WebSocket): the same guard, then a proxy rule that forwards WebSockets. */
  upgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    onDone: (status: number, upstreamMs: number, target?: string) => void,
  ): void {
    upgrade(this.config, req, socket, head, onDone);
  }

  private run(cfg: PipelineConfig, req: IncomingMessage, res: ServerResponse): void {
    const x: Exchange = { cfg, req, res, headOnly: req.method === 'HEAD' };
    runSteps(x).catch((err: Error) => {
      this.onError(err, req);
      sendError(res, 500, 'The server could not answer this request.', x.headOnly);
    });
  }
}

async function runSteps(x: Exchange): Promise<void> {
  for (const step of STEPS) {
    const answered = step(x);
    // Most steps decide at once; only those that touch the disk are awaited.
    if (answered === true || (answered !== false && (await answered))) return;
  }
}
