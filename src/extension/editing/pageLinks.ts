import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ElementPath, RevealEvent } from '../../core';
import { loadCore } from '../coreLoader';
import { Disposable } from '../dispose';
import { isHtmlDocument, isPageDocument } from './pageDocuments';
import type { ServerSession } from '../session';

/** Cursor moves are mapped at most this often: parsing is cheap, but not free on every key. */
const CURSOR_THROTTLE_MS = 40;

/**
 * Page <-> source in the editor. Code -> page: while the cursor is in an HTML editor whose file
 * a running server serves, the element under the cursor is outlined in the pages that show it
 * (setting ferrox.preview.highlight); the outline is cleared when the editor or the window loses
 * focus. Page -> code: an Alt+click in a page opens its file with the cursor on the element's
 * start tag. Both sides speak element paths (the core's sourceMap), never line numbers.
 */
export class PageLinks extends Disposable {
  private shown: { session: ServerSession; file: string; key: string } | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly sessions: () => Iterable<ServerSession>) {
    super();
    this._register(vscode.window.onDidChangeTextEditorSelection((e) => this.schedule(e.textEditor)));
    this._register(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (!editor) return this.clear();
        this.lead(editor.document);
        this.schedule(editor);
      }),
    );
    this._register(
      vscode.window.onDidChangeWindowState((state) => {
        if (!state.focused) this.clear();
      }),
    );
    this._register({ dispose: () => clearTimeout(this.timer) });
  }

  /**
   * Opens the source of an Alt+clicked element, cursor on its start tag; or an error's place from
   * the overlay: the original source when it lies in a workspace folder (a page must not open any
   * file on this machine), else the served script, cursor on the line.
   */
  async reveal(event: RevealEvent): Promise<void> {
    if (!('element' in event)) {
      const original =
        event.original && vscode.workspace.getWorkspaceFolder(vscode.Uri.file(event.original.file))
          ? event.original
          : undefined;
      const { file, line, column } = original ?? event;
      const at = new vscode.Position(line - 1, column - 1);
      await vscode.window.showTextDocument(vscode.Uri.file(file), {
        selection: new vscode.Range(at, at),
        preview: false,
      });
      return;
    }
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(event.file));
    const tag = loadCore().startTagOf(doc.getText(), event.element);
    // A path the source no longer has (the page is older than the text): open the file, go nowhere.
    const at = tag ? doc.positionAt(tag.start) : undefined;
    await vscode.window.showTextDocument(doc, { selection: at && new vscode.Range(at, at), preview: false });
  }

  /** Takes the browsers' pages to the served page (HTML, Markdown) the editor moved to (ferrox.browser.followEditor). */
  private lead(doc: vscode.TextDocument): void {
    if (
      !isPageDocument(doc) ||
      vscode.workspace.getConfiguration('ferrox', doc.uri).get<boolean>('browser.followEditor') === false
    )
      return;
    this.sessionServing(doc.uri.fsPath)?.navigate(doc.uri.fsPath);
  }

  private schedule(editor: vscode.TextEditor): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.follow(editor), CURSOR_THROTTLE_MS);
  }

  private follow(editor: vscode.TextEditor): void {
    const doc = editor.document;
    const enabled = vscode.workspace.getConfiguration('ferrox', doc.uri).get<boolean>('preview.highlight') !== false;
    const session = enabled && isHtmlDocument(doc) ? this.sessionServing(doc.uri.fsPath) : undefined;
    if (!session || editor !== vscode.window.activeTextEditor) return this.clear();
    let element: ElementPath | undefined;
    try {
      element = loadCore().elementPathAt(doc.getText(), doc.offsetAt(editor.selection.active));
    } catch {
      element = undefined;
    }
    const key = `${session.folder.uri}|${doc.uri.fsPath}|${JSON.stringify(element)}`;
    if (this.shown?.key === key) return;
    if (this.shown && (this.shown.session !== session || this.shown.file !== doc.uri.fsPath)) this.clear();
    session.highlight(doc.uri.fsPath, element);
    this.shown = { session, file: doc.uri.fsPath, key };
  }

  private clear(): void {
    clearTimeout(this.timer);
    const shown = this.shown;
    this.shown = undefined;
    shown?.session.highlight(shown.file, undefined);
  }

  private sessionServing(file: string): ServerSession | undefined {
    for (const session of this.sessions()) {
      const root = session.servedRoot;
      if (session.state !== 'running' || !root) continue;
      const rel = path.relative(root, file);
      if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) return session;
    }
    return undefined;
  }
}
