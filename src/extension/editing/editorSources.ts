import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ChangeFeed, ContentOverlay, FileChange, OverlayDocument, Subscription } from '../../core';
import { Disposable } from '../dispose';
import { EditorPolling, type PollSettings } from './editorPolling';
import { isPageDocument } from './pageDocuments';

/**
 * How long typing must pause before browsers update, when pages reload: one reload per pause,
 * not per key. Pages morphed in place are told at once (the server coalesces bursts itself).
 */
export const RELOAD_TYPING_DEBOUNCE_MS = 250;

/** How long after a save VS Code's watcher may still report it. */
const SAVE_ECHO_MS = 2000;

/** Pages (HTML, Markdown shown as pages) and stylesheets: what is sent to pages as it is typed. */
/** A file's modification time and size, or undefined when it is gone. */
function stampOf(file: string): Promise<string | undefined> {
  return fs.promises.stat(file).then(
    (s) => `${s.mtimeMs}:${s.size}`,
    () => undefined,
  );
}

function isLiveDocument(doc: vscode.TextDocument): boolean {
  return (
    isPageDocument(doc) || (doc.uri.scheme === 'file' && (doc.languageId === 'css' || /\.css$/i.test(doc.uri.fsPath)))
  );
}

/**
 * What live reload learns from the editor for one served root: file changes from VS Code's own
 * watcher (so `files.watcherExclude` applies) and from saves, and, when `onType` is on, the
 * unsaved text of HTML and CSS documents, served in place of the disk and announced as the user
 * types.
 */
export class EditorSources extends Disposable implements ChangeFeed, ContentOverlay {
  private readonly listeners = new Set<(change: FileChange) => void>();
  private readonly realPaths = new Map<string, string>();
  private readonly editedAt = new Map<string, number>();
  private readonly typingTimers = new Map<string, NodeJS.Timeout>();
  private readonly encoded = new Map<string, { version: number; content: Buffer }>();
  private readonly polling: EditorPolling;
  /** When each file was last saved from the editor, and the version of each document pages were last told of. */
  private readonly savedAt = new Map<string, number>();
  /** The file as each save left it (modification time and size), to tell a save's echo from a later write. */
  private readonly savedStamp = new Map<string, Promise<string | undefined>>();
  private readonly announcedVersion = new Map<string, number>();

  constructor(
    private readonly root: string,
    private readonly onType: boolean,
    private readonly typingDebounceMs: number,
    private readonly announce: (filePath: string) => void,
  ) {
    super();
    this.polling = this._register(new EditorPolling(root, (file) => this.notify(file)));
    const watcher = this._register(
      vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), '**/*')),
    );
    // VS Code's watcher reports a save a moment after onDidSaveTextDocument did: that echo is
    // dropped. An echo finds the file as the save left it; another tool's write soon after does
    // not, and is news.
    const fire = (uri: vscode.Uri) => {
      const file = uri.fsPath;
      if (Date.now() - (this.savedAt.get(file) ?? -Infinity) > SAVE_ECHO_MS) return this.fire(file);
      void Promise.all([this.savedStamp.get(file), stampOf(file)]).then(([saved, now]) => {
        if (saved === undefined || now !== saved) this.fire(file);
      });
    };
    this._register(watcher.onDidChange(fire));
    this._register(watcher.onDidCreate(fire));
    this._register(watcher.onDidDelete(fire));
    this._register(vscode.workspace.onDidSaveTextDocument((doc) => this.saved(doc)));
    if (onType) {
      // A change with no content changes is the dirty flag flipping (a save): nothing was typed.
      this._register(
        vscode.workspace.onDidChangeTextDocument((e) => {
          if (e.contentChanges.length > 0) this.typed(e.document);
        }),
      );
      // Closing an edited document goes back to the disk version: browsers must see that too.
      this._register(
        vscode.workspace.onDidCloseTextDocument((doc) => {
          this.encoded.delete(doc.uri.toString());
          if (this.editedAt.delete(doc.uri.fsPath)) this.announce(doc.uri.fsPath);
        }),
      );
      for (const doc of vscode.workspace.textDocuments) if (isLiveDocument(doc)) void this.resolveReal(doc.uri.fsPath);
    }
    this._register({
      dispose: () => {
        for (const t of this.typingTimers.values()) clearTimeout(t);
      },
    });
  }

  /** Polls the root too where (or when) VS Code's watcher cannot be relied on; see EditorPolling. */
  poll(settings: PollSettings, onNotice: (message: string) => void): Promise<string | undefined> {
    return this.polling.start(settings, onNotice);
  }

  onChange(listener: (change: FileChange) => void): Subscription {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  // VS Code's watcher runs in another process: its events may come after a request for the
  // changed file. It vouches for no folder, so the server's caches check files with a stat.
  hold(): boolean {
    return false;
  }

  covers(): boolean {
    return false;
  }

  release(): void {}

  /** The unsaved text of an edited HTML or CSS document at `realPath`, if any. */
  get(realPath: string): OverlayDocument | undefined {
    if (!this.onType) return undefined;
    for (const doc of vscode.workspace.textDocuments) {
      if (!doc.isDirty || !isLiveDocument(doc)) continue;
      const fsPath = doc.uri.fsPath;
      if ((this.realPaths.get(fsPath) ?? fsPath) !== realPath) continue;
      return {
        content: this.contentOf(doc),
        version: doc.version,
        modifiedMs: this.editedAt.get(fsPath) ?? Date.now(),
      };
    }
    return undefined;
  }

  /**
   * The document's text as bytes, made once per version: a request asks for it several times
   * (route check, page version, body), and every keystroke's update asks again.
   */
  private contentOf(doc: vscode.TextDocument): Buffer {
    const key = doc.uri.toString();
    const cached = this.encoded.get(key);
    if (cached?.version === doc.version) return cached.content;
    const content = Buffer.from(doc.getText());
    this.encoded.set(key, { version: doc.version, content });
    return content;
  }

  /**
   * A save: the caches must drop what they held. A stylesheet whose text was announced as it was
   * typed is shown by the pages already (the save changes nothing they see), so they are not told again.
   */
  private saved(doc: vscode.TextDocument): void {
    const fsPath = doc.uri.fsPath;
    this.savedAt.set(fsPath, Date.now());
    this.savedStamp.set(fsPath, stampOf(fsPath));
    const shown = this.onType && /\.css$/i.test(fsPath) && this.announcedVersion.get(fsPath) === doc.version;
    this.polling.reported(fsPath);
    for (const l of this.listeners) l({ path: fsPath, ...(shown ? { shown } : {}) });
  }

  private typed(doc: vscode.TextDocument): void {
    if (!isLiveDocument(doc) || !this.isUnderRoot(doc.uri.fsPath)) return;
    const fsPath = doc.uri.fsPath;
    this.editedAt.set(fsPath, Math.floor(Date.now() / 1000) * 1000);
    void this.resolveReal(fsPath);
    clearTimeout(this.typingTimers.get(fsPath));
    if (this.typingDebounceMs === 0 && this.realPaths.has(fsPath)) {
      this.announceTyped(doc);
      return;
    }
    this.typingTimers.set(
      fsPath,
      setTimeout(() => {
        this.typingTimers.delete(fsPath);
        this.announceTyped(doc);
      }, this.typingDebounceMs),
    );
  }

  private announceTyped(doc: vscode.TextDocument): void {
    this.announcedVersion.set(doc.uri.fsPath, doc.version);
    this.announce(doc.uri.fsPath);
  }

  /** The server compares real paths; resolve each document's once, off the request path. */
  private async resolveReal(fsPath: string): Promise<void> {
    if (this.realPaths.has(fsPath)) return;
    try {
      this.realPaths.set(fsPath, await fs.promises.realpath(fsPath));
    } catch {
      // Not on disk (yet): the server would not find it either.
    }
  }

  private isUnderRoot(fsPath: string): boolean {
    const rel = path.relative(this.root, fsPath);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  }

  private fire(fsPath: string): void {
    this.polling.reported(fsPath);
    this.notify(fsPath);
  }

  private notify(fsPath: string): void {
    for (const l of this.listeners) l({ path: fsPath });
  }
}
