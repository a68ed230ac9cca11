import * as vscode from 'vscode';
import { loadCore } from '../coreLoader';
import type { ServerSession } from '../session';

/** How long a shared server waits for another device before it says what may keep them out. */
const SHARE_CHECK_MS = 30_000;

/**
 * "Check Sharing": what this machine can tell about why a device on the network does not reach
 * the shared server `session` (the address, the firewall, WSL's NAT, Wi-Fi isolation), in the
 * log, with the first problem in a notification. Resolves with the findings (the tests read them).
 */
export async function checkSharing(
  session: ServerSession | undefined,
  log: vscode.LogOutputChannel,
): Promise<string[]> {
  if (!session?.address) {
    void vscode.window.showInformationMessage('Ferrox: nothing is shared. "Share on Network…" shares a folder first.');
    return [];
  }
  const core = loadCore();
  const d = await core.diagnoseSharing(core.systemFacts(), session.address.port, session.shareAddress);
  const mark = { problem: '✗', check: '?', ok: '✓' } as const;
  const lines = d.findings.map((f) => `${mark[f.level]} ${f.message}`);
  log.info(`Sharing check for ${session.folder.name} (port ${d.port}):`);
  for (const line of lines) log.info(`  ${line}`);
  const problem = d.findings.find((f) => f.level === 'problem') ?? d.findings.find((f) => f.level === 'check');
  void vscode.window
    .showInformationMessage(`Ferrox: ${problem?.message ?? 'nothing here keeps devices out.'}`, 'Show Log')
    .then((choice) => {
      if (choice) log.show(true);
    });
  return lines;
}

/** When no other device has opened a page of the shared `session` within a while, `check` runs, once. */
export function checkSharingLater(
  session: ServerSession,
  check: () => void,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  const timer = setTimeout(() => {
    const elsewhere = session.pages.some((p) => !loadCore().onThisMachine(p));
    if (elsewhere || session.state !== 'running' || session.shareLinks === undefined) return;
    log.info(`No other device has opened ${session.folder.name}'s link in ${SHARE_CHECK_MS / 1000} s.`);
    check();
  }, SHARE_CHECK_MS);
  return { dispose: () => clearTimeout(timer) };
}
