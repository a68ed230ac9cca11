import * as vscode from 'vscode';
import { loadCore } from '../coreLoader';

const SCHEME = 'ferrox-trust';
let steps = '';

/** A read-only document for the trust steps: nothing to save, nothing written anywhere. */
export function registerTrustDocument(): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(SCHEME, { provideTextDocumentContent: () => steps });
}

/**
 * "Ferrox: Trust Local HTTPS Certificate…": makes sure the local CA exists (in the user's
 * Ferrox folder, never the workspace), opens the steps to trust it on this system, Firefox and
 * phones, and offers to copy the CA's path or reveal the file. Resolves with the CA's path.
 */
export async function showTrustSteps(): Promise<string | undefined> {
  const core = loadCore();
  let caFile: string;
  try {
    caFile = (await core.localCertificate()).caFile;
  } catch (err) {
    void vscode.window.showErrorMessage(`Ferrox: ${(err as Error).message}`);
    return undefined;
  }
  steps = [
    '# Trust the Ferrox development CA',
    '',
    `The certificate authority Ferrox made for HTTPS on this machine is:`,
    '',
    `    ${caFile}`,
    '',
    'Browsers show pages served with `ferrox.https` as secure once they trust it:',
    '',
    ...core.trustInstructions(caFile).map((line) => (line.startsWith('  ') ? `  ${line.trim()}` : `- ${line}`)),
    '',
  ].join('\n');
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: SCHEME, path: '/Trust Ferrox CA.md' }));
  await vscode.window.showTextDocument(doc, { preview: true });
  void vscode.window
    .showInformationMessage(`Ferrox's CA certificate: ${caFile}`, 'Copy Path', 'Reveal File')
    .then(async (choice) => {
      if (choice === 'Copy Path') await vscode.env.clipboard.writeText(caFile);
      else if (choice === 'Reveal File') {
        // Remote and web windows have no file manager to reveal in: open the file instead.
        await vscode.commands
          .executeCommand('revealFileInOS', vscode.Uri.file(caFile))
          .then(undefined, () => vscode.commands.executeCommand('vscode.open', vscode.Uri.file(caFile)));
      }
    });
  return caFile;
}
