/**
 * A file opened with no folder around it (a window with no workspace folder, or a file outside
 * every workspace folder) is served from its own folder, as a folder of its own: Ferrox keeps one
 * server per folder, so it stands in for a workspace folder (index -1: in no workspace).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';

/** `dir` as a folder Ferrox can serve; `name` is its last segment. */
export function looseFolder(dir: vscode.Uri): vscode.WorkspaceFolder {
  return { uri: dir, name: path.basename(dir.fsPath) || dir.fsPath, index: -1 };
}

/** The folder that serves `file`: its workspace folder, else (a file on disk) the folder it is in. */
export function folderServing(file: vscode.Uri): vscode.WorkspaceFolder | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(file);
  if (folder) return folder;
  return file.scheme === 'file' ? looseFolder(vscode.Uri.file(path.dirname(file.fsPath))) : undefined;
}

/** A folder picked or named (Serve This Folder): in a workspace folder, it is served as that folder's root. */
export function folderForRoot(dir: vscode.Uri): vscode.WorkspaceFolder {
  return vscode.workspace.getWorkspaceFolder(dir) ?? looseFolder(dir);
}
