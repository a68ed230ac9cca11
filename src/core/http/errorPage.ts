import { STATUS_CODES } from 'node:http';
import { escapeHtml, renderPage } from './html';

const rendered = new Map<string, Buffer>();
/** Most error details are fixed sentences; those pages are rendered once. */
const MAX_REMEMBERED = 200;

/** A small, escaped HTML page for an error status. */
export function renderErrorPage(status: number, detail: string): Buffer {
  const key = `${status} ${detail}`;
  let page = rendered.get(key);
  if (!page) {
    const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
    page = Buffer.from(renderPage(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(detail)}</p>`));
    if (rendered.size < MAX_REMEMBERED) rendered.set(key, page);
  }
  return page;
}
