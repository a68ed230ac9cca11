/**
 * What a server's pages' consoles said lately, for agents' tools (agents ask "what broke?"): the
 * last messages of every page, bounded, each with where on disk it came from.
 */
import * as path from 'node:path';
import type { BrowserMessage } from '../report';

/** The messages kept for a server: enough for the last minutes of a busy page. */
export const KEPT_MESSAGES = 200;

/** A console message as a tool reports it. */
export interface ReportedMessage {
  /** When it was said (ISO 8601, this machine's clock when the server heard it). */
  time: string;
  page: string;
  device?: string;
  level: string;
  message: string;
  /** The workspace file (its original source, by a source map, when it has one), relative to `root`. */
  file?: string;
  line?: number;
  column?: number;
  /** The script's URL, when no file on disk stands behind it. */
  source?: string;
}

export class RecentMessages {
  private readonly kept: ReportedMessage[] = [];

  add(m: BrowserMessage, root: string): void {
    // The original source (by a source map) where there is one, else the served file, else the URL.
    const onDisk = m.original ? m.original.file : m.file;
    const source = onDisk ? undefined : (m.original?.source ?? m.source);
    const line = m.original?.line ?? m.line;
    const column = m.original?.column ?? m.column;
    this.kept.push({
      time: new Date().toISOString(),
      page: m.page,
      ...(m.device ? { device: m.device } : {}),
      level: m.level,
      message: m.message,
      ...(onDisk ? { file: shown(onDisk, root) } : {}),
      ...(source ? { source } : {}),
      ...(line ? { line } : {}),
      ...(column ? { column } : {}),
    });
    if (this.kept.length > KEPT_MESSAGES) this.kept.splice(0, this.kept.length - KEPT_MESSAGES);
  }

  /** The newest first, at most `limit`: errors (and warnings) alone unless `all`, of one page when asked. */
  list(options: { all?: boolean; page?: string; limit?: number } = {}): ReportedMessage[] {
    const limit = Math.max(1, Math.min(options.limit ?? 50, KEPT_MESSAGES));
    return this.kept
      .filter((m) => options.all || m.level === 'error' || m.level === 'warn')
      .filter((m) => options.page === undefined || m.page === options.page)
      .reverse()
      .slice(0, limit);
  }
}

/** A file inside the served folder by its path there; anywhere else whole. */
function shown(file: string, root: string): string {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}
