/** Which editor documents are pages a server shows: HTML, and Markdown while `ferrox.markdown` renders it. */
import * as vscode from 'vscode';

export function isHtmlDocument(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme === 'file' && (doc.languageId === 'html' || /\.html?$/i.test(doc.uri.fsPath));
}

export function isMarkdownDocument(doc: vscode.TextDocument): boolean {
  return (
    doc.uri.scheme === 'file' &&
    (doc.languageId === 'markdown' || /\.(?:md|markdown)$/i.test(doc.uri.fsPath)) &&
    vscode.workspace.getConfiguration('ferrox', doc.uri).get<boolean>('markdown') !== false
  );
}

/** A document a browser page shows: the editor leads pages and the preview to it. */
export function isPageDocument(doc: vscode.TextDocument): boolean {
  return isHtmlDocument(doc) || isMarkdownDocument(doc);
}
