import { Readable } from 'node:stream';
import { formatSize as formatBytes } from '../../files';
import { escapeHtml, renderPage, sendErrorPage } from '../../http';
import type { Exchange } from '../exchange';

/** The most of a form's body read to show it; a larger one is named, not read. */
export const FORM_BODY_LIMIT = 2 * 1024 * 1024;
const SHOWN_VALUE = 500;

/** Whether a request carries what an HTML form posts. */
export function isFormPost(x: Exchange): boolean {
  const type = String(x.req.headers['content-type'] ?? '').toLowerCase();
  return (
    x.req.method === 'POST' &&
    (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data'))
  );
}

type Field = { name: string; value: string } | { name: string; file: string; size: number; type: string };

/** The form's fields and files, parsed by Node's own Fetch implementation; undefined when it does not parse. */
async function readForm(x: Exchange): Promise<Field[] | 'too large' | undefined> {
  const length = Number(x.req.headers['content-length'] ?? 0);
  if (length > FORM_BODY_LIMIT) return 'too large';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of x.req as Readable) {
    size += (chunk as Buffer).length;
    if (size > FORM_BODY_LIMIT) return 'too large';
    chunks.push(chunk as Buffer);
  }
  try {
    const form = await new Response(Buffer.concat(chunks), {
      headers: { 'content-type': String(x.req.headers['content-type']) },
    }).formData();
    const fields: Field[] = [];
    form.forEach((value, name) =>
      fields.push(
        typeof value === 'string'
          ? { name, value }
          : { name, file: value.name, size: value.size, type: value.type || 'application/octet-stream' },
      ),
    );
    return fields;
  } catch {
    return undefined;
  }
}

function shown(value: string): string {
  return value.length > SHOWN_VALUE ? `${value.slice(0, SHOWN_VALUE)}… (${value.length} characters)` : value;
}

/**
 * A form posted to a static page (Live Server #541): instead of a bare 405, a small page (still
 * 405: nothing here takes a POST) that lists what the form sent, every value escaped, files by
 * name, size and type (never their content), and says how to have a server answer the URL.
 */
export async function answerFormPost(x: Exchange): Promise<void> {
  const form = await readForm(x).catch(() => undefined);
  const path = escapeHtml(decodeURIComponentSafe((x.req.url ?? '/').split('?')[0]));
  let received: string;
  if (form === 'too large')
    received = `<p>The form's body is larger than ${formatBytes(FORM_BODY_LIMIT)}: it was not read.</p>`;
  else if (form === undefined) received = '<p>The body could not be read as a form.</p>';
  else if (form.length === 0) received = '<p>The form sent no fields.</p>';
  else
    received =
      '<table><thead><tr><th>Field</th><th>Value</th></tr></thead><tbody>' +
      form
        .map(
          (f) =>
            `<tr><td><code>${escapeHtml(f.name)}</code></td><td>${
              'file' in f
                ? `file <code>${escapeHtml(f.file)}</code>, ${formatBytes(f.size)}, ${escapeHtml(f.type)}`
                : `<code>${escapeHtml(shown(f.value))}</code>`
            }</td></tr>`,
        )
        .join('') +
      '</tbody></table>';
  const body =
    `<h1>A form was posted to ${path}</h1>\n` +
    `<p>This is a static folder: no server handles this URL, so nothing was done with what the form sent.</p>\n` +
    `<h2>What it sent</h2>\n${received}\n` +
    '<h2>To handle it</h2>\n<ul>' +
    '<li>Run your app behind Ferrox: <code>ferrox --backend "php -S 127.0.0.1:{port}"</code> (or Flask, Node…), or in VS Code <code>ferrox.backend.command</code>.</li>' +
    '<li>Send this path to a server you run: a <code>proxy</code> rule, or a line in <code>_redirects</code> such as ' +
    `<code>${path} http://127.0.0.1:3000${path} 200</code>.</li>` +
    '<li>On a host, a form service does it (Netlify Forms, Formspree…).</li></ul>';
  const style =
    'h2{font-size:1rem;margin:1.25rem 0 .5rem}table{border-collapse:collapse}td,th{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}code{word-break:break-all}';
  x.res.setHeader('Allow', 'GET, HEAD');
  sendErrorPage(x.res, 405, renderPage('Form posted to a static page', body, style), false);
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
