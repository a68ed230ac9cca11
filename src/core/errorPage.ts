import { STATUS_CODES } from 'node:http';
import { escapeHtml, renderPage } from './html';

/** A small, escaped HTML page for an error status. */
export function renderErrorPage(status: number, detail: string): string {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return renderPage(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(detail)}</p>`);
}
