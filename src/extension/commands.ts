import * as vscode from 'vscode';
import type { Controller } from './controller';
import { folderServing } from './editing/looseFolders';
import { registerTrustDocument, showTrustSteps } from './network/trustCommand';

/** Registers the contributed commands. Each returns something a caller (or a test) can check. */
export function registerCommands(controller: Controller): vscode.Disposable[] {
  const reg = (id: string, fn: (...args: never[]) => unknown) => vscode.commands.registerCommand(id, fn);
  return [
    reg('ferrox.serve', (folder?: vscode.WorkspaceFolder | vscode.Uri) => {
      if (folder instanceof vscode.Uri) return controller.serveFolder(folder);
      return controller.serve(folder);
    }),
    reg('ferrox.serveFolder', async (uri?: vscode.Uri) => {
      // From the palette: ask which folder, starting in the active workspace folder.
      const picked =
        uri ??
        (
          await vscode.window.showOpenDialog({
            canSelectFolders: true,
            canSelectFiles: false,
            canSelectMany: false,
            openLabel: 'Serve This Folder',
            defaultUri: controller.folderOfActiveEditor()?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri,
          })
        )?.[0];
      return picked ? controller.serveFolder(picked) : undefined;
    }),
    reg('ferrox.stop', (folder?: vscode.WorkspaceFolder | vscode.Uri) => controller.stop(asFolder(folder))),
    reg('ferrox.toggle', () => controller.toggle()),
    reg('ferrox.reconfigure', () => reconfigure(controller)),
    reg('ferrox.openInBrowser', (uri?: vscode.Uri) => openInBrowser(controller, uri)),
    reg('ferrox.showLog', () => controller.log.show(true)),
    reg('ferrox.preview', (uri?: vscode.Uri) => preview(controller, uri)),
    reg('ferrox.trustCertificate', () => showTrustSteps()),
    reg('ferrox.share', (folder?: vscode.WorkspaceFolder | vscode.Uri) => controller.share(asFolder(folder))),
    reg('ferrox.stopSharing', (folder?: vscode.WorkspaceFolder | vscode.Uri) =>
      controller.stopSharing(asFolder(folder)),
    ),
    reg('ferrox.checkSharing', () => controller.checkSharing()),
    reg('ferrox.toggleSync', (folder?: vscode.WorkspaceFolder | vscode.Uri) => controller.toggleSync(asFolder(folder))),
    reg('ferrox.forgetBackendAnswers', async () => {
      await controller.backends.consent.forget();
      void vscode.window.showInformationMessage(
        "Ferrox will ask again before it runs a backend command from a workspace's settings.",
      );
    }),
    registerTrustDocument(),
  ];
}

/** "Preview in Editor": the served page of the active (or given) HTML file, beside the editor. */
async function preview(controller: Controller, uri?: vscode.Uri): Promise<string | undefined> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  const url =
    target?.scheme === 'file'
      ? await controller.urlFor(target)
      : await controller.serve(controller.folderOfActiveEditor());
  if (url) await controller.preview(url);
  return url;
}

/** Commands accept a workspace folder or a Uri inside one (as menus pass); a file in no workspace folder names its own folder. */
function asFolder(value: vscode.WorkspaceFolder | vscode.Uri | undefined): vscode.WorkspaceFolder | undefined {
  if (value instanceof vscode.Uri) return folderServing(value);
  return value;
}

async function openInBrowser(controller: Controller, uri?: vscode.Uri): Promise<string | undefined> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  let url: string | undefined;
  if (target && target.scheme === 'file') {
    url = await controller.urlFor(target);
  } else {
    url = await controller.serve(controller.folderOfActiveEditor());
  }
  if (url) await controller.openInBrowser(url);
  return url;
}

/** "Reconfigure": restart with the current settings, or change the port or root for this session only. */
async function reconfigure(controller: Controller): Promise<string | undefined> {
  const folder = controller.activeSession()?.folder ?? (await controller.pickFolder('Reconfigure which folder?'));
  if (!folder) return undefined;
  const session = controller.session(folder);
  const picked = await vscode.window.showQuickPick(
    [
      { label: '$(debug-restart) Restart with current settings', id: 'restart' },
      { label: '$(plug) Use another port…', description: 'for this session; settings are not changed', id: 'port' },
      {
        label: '$(folder) Serve another folder…',
        description: 'for this session; settings are not changed',
        id: 'root',
      },
    ],
    { placeHolder: `Reconfigure the server for ${folder.name}` },
  );
  if (!picked) return undefined;
  if (picked.id === 'port') {
    const value = await vscode.window.showInputBox({
      prompt: 'Port (0 picks any free port)',
      value: String(session.address?.port ?? ''),
      validateInput: (v) => (/^\d+$/.test(v) && Number(v) <= 65535 ? undefined : 'A whole number from 0 to 65535'),
    });
    if (value === undefined) return undefined;
    session.overrides.port = Number(value);
  } else if (picked.id === 'root') {
    const chosen = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      defaultUri: folder.uri,
      openLabel: 'Serve',
    });
    if (!chosen?.[0]) return undefined;
    session.overrides.root = chosen[0].fsPath;
  }
  if (session.state === 'running') {
    if (picked.id === 'restart') await session.stop();
    else {
      await controller.applySettings(session);
      return session.externalUrl;
    }
  }
  return controller.serve(folder);
}
