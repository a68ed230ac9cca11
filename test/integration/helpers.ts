import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as path from 'node:path';
export { freePort } from '../shared/net';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'serve-folder.serve-folder';

export interface FerroxApi {
  logUri: vscode.Uri;
}

export async function activate(): Promise<FerroxApi> {
  const ext = vscode.extensions.getExtension<FerroxApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  return ext.activate();
}

export function folder(name: string): vscode.WorkspaceFolder {
  const f = vscode.workspace.workspaceFolders?.find((w) => w.name === name);
  if (!f) throw new Error(`no workspace folder named ${name}`);
  return f;
}

/** Writes a folder-level setting the way a user would, and waits until VS Code has applied it. */
export async function setSetting(key: string, value: unknown, scope: vscode.WorkspaceFolder): Promise<void> {
  const applied = new Promise<void>((resolve) => {
    const sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`ferrox.${key}`, scope.uri)) {
        sub.dispose();
        resolve();
      }
    });
    setTimeout(() => {
      sub.dispose();
      resolve();
    }, 3000);
  });
  await vscode.workspace
    .getConfiguration('ferrox', scope.uri)
    .update(key, value, vscode.ConfigurationTarget.WorkspaceFolder);
  await applied;
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export function get(url: string, options: https.RequestOptions = {}): Promise<Reply> {
  const lib = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.get(url, { agent: false, ...options }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${url} timed out`)));
  });
}

export function isListening(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, host);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/**
 * The ceiling of every wait in these suites: what a busy two-core machine needs (four busy loops
 * beside the suite made 10 s too short), not what this one usually takes. A wait ends at the
 * event it waits for, so a generous ceiling costs nothing when things work.
 */
export const CEILING_MS = 30_000;

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = CEILING_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The text of the "Ferrox" log channel, from its file. */
export function readLog(api: FerroxApi): string {
  const file = path.join(api.logUri.fsPath, 'Ferrox.log');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

/**
 * Waits for a line matching `pattern` in the "Ferrox" log; a timeout shows the log's last lines,
 * so a failure on CI says what the extension did instead.
 */
export async function waitForLog(
  api: FerroxApi,
  what: string,
  pattern: RegExp,
  timeoutMs = CEILING_MS,
): Promise<string> {
  try {
    return await waitFor(
      what,
      () =>
        readLog(api)
          .split('\n')
          .find((line) => pattern.test(line)),
      timeoutMs,
    );
  } catch (err) {
    const tail = readLog(api).trimEnd().split('\n').slice(-15).join('\n  ');
    throw new Error(`${(err as Error).message}; the log ends:\n  ${tail}`, { cause: err });
  }
}

export function portOf(url: string): number {
  return Number(new URL(url).port);
}

/** Every settings file the tests could touch, to prove the extension wrote none of them. */
export function settingsSnapshot(): string {
  const files = [
    vscode.workspace.workspaceFile?.fsPath,
    ...(vscode.workspace.workspaceFolders ?? []).map((f) => path.join(f.uri.fsPath, '.vscode', 'settings.json')),
  ];
  return files.map((f) => (f && fs.existsSync(f) ? `${f}\n${fs.readFileSync(f, 'utf8')}` : `${f}: none`)).join('\n');
}

/** The local addresses listening on `port`, from /proc/net/tcp (no traffic needed). */
export function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return fs
    .readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length > 3 && f[3] === '0A' && f[1].endsWith(`:${hexPort}`))
    .map((f) =>
      f[1]
        .split(':')[0]
        .match(/../g)!
        .reverse()
        .map((h) => parseInt(h, 16))
        .join('.'),
    );
}
