import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJsonBody, sendError, writeHead } from '../../http';
import { deviceOf } from '../connectedPages';

/** What pages forward: errors and warnings, or every console level too. */
export type BrowserConsoleMode = 'off' | 'errors' | 'all';

export type BrowserConsoleLevel = 'error' | 'warn' | 'log' | 'info' | 'debug';

/** One console message from a served page, checked and bounded. */
export interface BrowserConsoleEntry {
  level: BrowserConsoleLevel;
  /** The page's URL path. */
  page: string;
  message: string;
  /** The script or page URL the message came from, with its line and column, when known. */
  source?: string;
  line?: number;
  column?: number;
  /** The device kind and browser that sent it ("phone (Chrome)"), from the user agent. */
  device?: string;
}

/** A body larger than this gets 413. */
export const CONSOLE_BODY_LIMIT = 64 * 1024;
/** Entries one client (by its address, which a page cannot change) may send each second; the rest are counted and summarised. */
export const CONSOLE_RATE_PER_SECOND = 100;
const MAX_MESSAGE = 8 * 1024;
const MAX_URL = 2048;
const LEVELS = new Set<string>(['error', 'warn', 'log', 'info', 'debug']);
const ERRORS_ONLY = new Set<string>(['error', 'warn']);

interface Window {
  start: number;
  count: number;
  dropped: number;
  page: string;
}

/**
 * Takes POSTed console batches from pages: validates the JSON (a bad body gets 400 and is never
 * logged), limits the body size (413) and each page's rate, and hands each entry on.
 */
export class ConsoleRelay {
  private readonly windows = new Map<string, Window>();
  private sweep: NodeJS.Timeout | undefined;

  constructor(
    private mode: BrowserConsoleMode,
    private readonly instanceId: string,
    private readonly deliver: (entry: BrowserConsoleEntry) => void,
  ) {}

  setMode(mode: BrowserConsoleMode): void {
    this.mode = mode;
  }

  get enabled(): boolean {
    return this.mode !== 'off';
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headOnly = req.method === 'HEAD';
    if (this.mode === 'off') return sendError(res, 404, 'Not found.', headOnly);
    if (req.method !== 'POST')
      return sendError(res, 405, 'Console entries are sent with POST.', headOnly, { Allow: 'POST' });
    // JSON from another origin needs a CORS preflight, which this server refuses unless CORS is
    // on; and a batch must name this server's instance, which only its own pages carry.
    const body = await readJsonBody(req, res, CONSOLE_BODY_LIMIT);
    if (body === undefined) return;
    const batch = parseBatch(body);
    if (!batch) return sendError(res, 400, 'The console batch is not of the expected shape.', false);
    if (batch.instance !== this.instanceId)
      return sendError(res, 403, 'The console batch does not come from a page of this server.', false);
    // The budget is the client's, by its address: ids and page paths are the page's to choose.
    const key = req.socket.remoteAddress ?? '';
    const { device, browser } = deviceOf(String(req.headers['user-agent'] ?? ''));
    for (const entry of batch.entries) this.admit(key, { ...entry, device: `${device} (${browser})` });
    writeHead(res, 204, { 'Cache-Control': 'no-store' });
    res.end();
  }

  close(): void {
    clearInterval(this.sweep);
    this.sweep = undefined;
    this.windows.clear();
  }

  private admit(key: string, entry: BrowserConsoleEntry): void {
    if (this.mode === 'errors' && !ERRORS_ONLY.has(entry.level)) return;
    const now = Date.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= 1000) {
      if (w) this.summarise(w);
      w = { start: now, count: 0, dropped: 0, page: entry.page };
      this.windows.set(key, w);
      this.sweep ??= setInterval(() => this.sweepWindows(), 1000).unref();
    }
    if (++w.count > CONSOLE_RATE_PER_SECOND) w.dropped++;
    else this.deliver(entry);
  }

  private summarise(w: Window): void {
    if (w.dropped > 0)
      this.deliver({
        level: 'warn',
        page: w.page,
        message: `${w.dropped} messages dropped (more than ${CONSOLE_RATE_PER_SECOND} a second)`,
      });
    w.dropped = 0;
  }

  /** Ends windows that saw no new entry: their drops are reported, their memory freed. */
  private sweepWindows(): void {
    const now = Date.now();
    for (const [key, w] of this.windows) {
      if (now - w.start < 1000) continue;
      this.summarise(w);
      this.windows.delete(key);
    }
    if (this.windows.size === 0) {
      clearInterval(this.sweep);
      this.sweep = undefined;
    }
  }
}

/**
 * A batch's server instance and its entries, undefined when anything is malformed. What a page
 * wrote is kept as it wrote it: whatever shows it makes it printable there (report's `printable`).
 */
export function parseBatch(data: unknown): { instance: string; entries: BrowserConsoleEntry[] } | undefined {
  if (!isObject(data) || !Array.isArray(data.entries) || typeof data.page !== 'string' || data.page.length > MAX_URL)
    return undefined;
  if (data.client !== undefined && (typeof data.client !== 'string' || data.client.length > 64)) return undefined;
  if (typeof data.instance !== 'string' || data.instance.length > 64) return undefined;
  if (data.entries.length > 1000) return undefined;
  const page = data.page;
  const out: BrowserConsoleEntry[] = [];
  for (const raw of data.entries) {
    if (!isObject(raw) || typeof raw.level !== 'string' || !LEVELS.has(raw.level) || typeof raw.message !== 'string')
      return undefined;
    const entry: BrowserConsoleEntry = {
      level: raw.level as BrowserConsoleLevel,
      page,
      message: raw.message.slice(0, MAX_MESSAGE),
    };
    if (raw.source !== undefined) {
      if (typeof raw.source !== 'string' || raw.source.length > MAX_URL) return undefined;
      entry.source = raw.source;
    }
    for (const field of ['line', 'column'] as const) {
      const value = raw[field];
      if (value === undefined) continue;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 1e9) return undefined;
      entry[field] = value;
    }
    out.push(entry);
  }
  return { instance: data.instance, entries: out };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
