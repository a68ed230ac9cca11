/** Shared pieces of the HTML the server shows people: escaping and one small stylesheet. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for use in HTML content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Only inline styles, no scripts: matches PAGE_CSP below. */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** Light and dark schemes follow the browser's preference. */
const BASE_STYLE = `
:root{color-scheme:light dark;--fg:#1f2328;--muted:#59636e;--bg:#fff;--line:#d1d9e0;--link:#0969da;--row:#f6f8fa}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--line:#3d444d;--link:#4493f8;--row:#151b23}}
*{box-sizing:border-box}
body{margin:0;padding:2rem clamp(1rem,4vw,3rem);font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:1.25rem;font-weight:600;margin:0 0 1rem;word-break:break-all}
a{color:var(--link);text-decoration:none}a:hover,a:focus-visible{text-decoration:underline}
footer{margin-top:1.5rem;color:var(--muted);font-size:.8rem}
`;

/**
 * A complete, self-contained document in light and dark: `title` is escaped here; `style` and
 * `body` must already be safe.
 */
export function htmlDocument(title: string, style: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** A page the server shows people (listings, errors), in its one small stylesheet. */
export function renderPage(title: string, body: string, extraStyle = ''): string {
  return htmlDocument(title, BASE_STYLE + extraStyle, `${body}\n<footer>Ferrox</footer>`);
}
