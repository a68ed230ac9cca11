import { escapeHtml, renderPage } from '../http';
import type { BackendExit } from './supervisor';

const STYLE = `
pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--row);padding:.75rem 1rem;overflow:auto;white-space:pre-wrap;word-break:break-word}
p.muted{color:var(--muted)}
`;

/**
 * The page that stands in for a backend that is down: the command, how it ended and its last
 * lines of output, escaped. The command and the output may hold what the network should not
 * (paths, secrets in arguments, a stack trace): only this machine sees them (`local`). It carries
 * live reload (the caller injects it), so it gives way to the page again once the backend is back.
 */
export function renderBackendDown(
  command: string,
  exit: BackendExit | undefined,
  restarting: boolean,
  local = true,
): string {
  const how =
    exit === undefined
      ? 'has not started yet'
      : exit.code === null
        ? 'was stopped by a signal'
        : `exited with code ${exit.code}`;
  const lines = !local
    ? '<p>Its command and output are shown on the machine that runs it.</p>\n'
    : exit?.lines.length
      ? `<p>Its last output:</p>\n<pre>${escapeHtml(exit.lines.join('\n'))}</pre>\n`
      : '<p>It wrote nothing.</p>\n';
  const what = local ? `<code>${escapeHtml(command)}</code>` : "The site's backend";
  const body =
    `<h1>The backend is not running</h1>\n<p>${what} ${how}.</p>\n${lines}` +
    `<p class="muted">${restarting ? 'Ferrox starts it again, and this page comes back by itself once it answers.' : 'Ferrox has stopped it.'}</p>`;
  return renderPage('Backend not running', body, STYLE);
}
