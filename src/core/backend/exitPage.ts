import { escapeHtml, renderPage } from '../http';
import type { BackendExit } from './supervisor';

const STYLE = `
pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--row);padding:.75rem 1rem;overflow:auto;white-space:pre-wrap;word-break:break-word}
p.muted{color:var(--muted)}
`;

/**
 * The page that stands in for a backend that is down: the command, how it ended and its last
 * lines of output (`withOutput`; only this machine sees them), escaped. It carries live reload
 * (the caller injects it), so it gives way to the page again once the backend is back.
 */
export function renderBackendDown(command: string, exit: BackendExit | undefined, restarting: boolean, withOutput = true): string {
  const how = exit === undefined ? 'has not started yet' : exit.code === null ? 'was stopped by a signal' : `exited with code ${exit.code}`;
  const lines = !withOutput ? '<p>Its output is shown on the machine that runs it.</p>\n'
    : exit?.lines.length ? `<p>Its last output:</p>\n<pre>${escapeHtml(exit.lines.join('\n'))}</pre>\n` : '<p>It wrote nothing.</p>\n';
  const body = `<h1>The backend is not running</h1>\n<p><code>${escapeHtml(command)}</code> ${how}.</p>\n${lines}` +
    `<p class="muted">${restarting ? 'Ferrox starts it again, and this page comes back by itself once it answers.' : 'Ferrox has stopped it.'}</p>`;
  return renderPage('Backend not running', body, STYLE);
}
