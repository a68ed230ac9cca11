import * as vscode from 'vscode';
import type { BrowserMessage } from '../../core';
import { Disposable } from '../dispose';
import { shown } from './printableLog';
import { problemPlace } from './problemPlace';

/** Runtime errors, as the page's client words them (console.js): not what a page logs on purpose. */
const RUNTIME_ERROR = /^(?:Uncaught |Unhandled promise rejection: )/;
/** A page that throws in a loop must not flood the panel. */
const MAX_PER_FILE = 20;

/**
 * Pages' runtime errors (uncaught errors, unhandled rejections) in the Problems panel, at their
 * source file and line: the original source when the served file has a source map, else the
 * served file. The message names the page and the device. They are cleared when a file is saved
 * (the pages reload or morph), and come back only if the error does.
 */
export class BrowserProblems extends Disposable {
  private collection: vscode.DiagnosticCollection | undefined;
  private readonly byFile = new Map<string, vscode.Diagnostic[]>();

  constructor() {
    super();
    this._register(vscode.workspace.onDidSaveTextDocument(() => this.clear()));
  }

  /** Adds `m` if it is a runtime error, at its place in a file of the workspace or of `servedRoot`. */
  add(m: BrowserMessage, servedRoot: string): void {
    if (m.level !== 'error' || !RUNTIME_ERROR.test(m.message)) return;
    const place = problemPlace(m, [...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath), servedRoot]);
    if (!place) return;
    const { file, line, column } = place;
    const text = shown(`${m.message.split('\n')[0]} (${m.page}${m.device ? ` on ${m.device}` : ''})`, false);
    const list = this.byFile.get(file) ?? [];
    if (list.length >= MAX_PER_FILE || list.some((d) => d.message === text && d.range.start.line === line)) return;
    const diagnostic = new vscode.Diagnostic(
      new vscode.Range(line, column, line, column + 1),
      text,
      vscode.DiagnosticSeverity.Error,
    );
    diagnostic.source = 'Ferrox: browser';
    list.push(diagnostic);
    this.byFile.set(file, list);
    this.collection ??= this._register(vscode.languages.createDiagnosticCollection('ferrox-browser'));
    this.collection.set(vscode.Uri.file(file), list);
  }

  clear(): void {
    this.byFile.clear();
    this.collection?.clear();
  }
}
