import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as path from 'node:path';
import { escapeHtml, sendBody, sendError } from '../http';
import { ChangeBatcher, type BatcherSettings } from './changeBatcher';
import type { ChangeSource, Subscription } from './changeSource';
import { LIVE_CLIENT_PATH, LIVE_EVENTS_PATH, LiveHub } from './liveHub';

const CLIENT_FILE = 'ferrox-live.js';

/**
 * The browser script, read once per process. It lives in media/ beside dist/ (bundles) or
 * four levels up from out/src/core/live (tests), so both layouts are tried.
 */
let clientScript: Promise<Buffer> | undefined;
export function loadClientScript(): Promise<Buffer> {
  clientScript ??= (async () => {
    const candidates = [path.join(__dirname, '..', 'media', CLIENT_FILE), path.join(__dirname, '..', '..', '..', '..', 'media', CLIENT_FILE)];
    for (const file of candidates) {
      try {
        return await fs.promises.readFile(file);
      } catch { /* try the next layout */ }
    }
    throw new Error(`live reload: cannot find media/${CLIENT_FILE} next to ${__dirname}`);
  })();
  return clientScript;
}

/**
 * Live reload for one running server: the SSE hub, the change batcher fed by a ChangeSource,
 * and the reserved routes. Everything it opens is closed by close().
 */
export class LiveReload {
  readonly hub: LiveHub;
  private readonly batcher: ChangeBatcher;
  private subscription: Subscription | undefined;

  constructor(settings: BatcherSettings, private readonly script: Buffer, instanceId?: string) {
    this.hub = new LiveHub(instanceId);
    this.batcher = new ChangeBatcher(settings, (batch) => this.hub.broadcast(batch));
  }

  update(settings: BatcherSettings): void {
    this.batcher.update(settings);
  }

  attach(source: ChangeSource | undefined): void {
    this.subscription?.dispose();
    this.subscription = source?.onChange((change) => this.batcher.add(change.path));
  }

  /** Reports a change the host knows of directly (unsaved editor text). */
  notify(filePath: string): void {
    this.batcher.add(filePath);
  }

  /**
   * The tag injected into HTML: names this server instance and the file actually served. Its
   * src is relative to the page (`depth` folders deep), so it also works behind a proxy that
   * serves the site under a path prefix.
   */
  snippet(fileUrlPath: string, depth: number): Buffer {
    const src = ('../'.repeat(depth) || './') + LIVE_CLIENT_PATH.slice(1);
    return Buffer.from(`<script src="${src}" data-instance="${this.hub.instanceId}" data-file="${escapeHtml(fileUrlPath)}" async></script>`);
  }

  /** Serves the reserved paths; returns false for any other path. */
  handle(pathname: string, req: IncomingMessage, res: ServerResponse): boolean {
    if (pathname === LIVE_EVENTS_PATH) {
      this.hub.connect(req, res);
    } else if (pathname === LIVE_CLIENT_PATH) {
      sendBody(res, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' }, this.script, req.method === 'HEAD');
    } else {
      sendError(res, 404, 'Not found.', req.method === 'HEAD');
    }
    return true;
  }

  close(): void {
    this.subscription?.dispose();
    this.subscription = undefined;
    this.batcher.dispose();
    this.hub.closeAll();
  }
}

/** True when a request asks not to get the live-reload script (for tools and tests). */
export function optsOutOfLive(req: IncomingMessage, query: string): boolean {
  const header = req.headers['x-ferrox-live'];
  return header === 'off' || header === '0' || /[?&]ferrox-live=(?:0|off)(?:&|$)/.test(query);
}
