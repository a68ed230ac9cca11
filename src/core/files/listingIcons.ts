/**
 * File-type icons for listings: one inline SVG sprite per page (no image requests, nothing the
 * page's CSP must allow), each row naming its symbol. Kinds by extension, as peers' listings do.
 */

export type IconKind = 'folder' | 'up' | 'code' | 'image' | 'text' | 'archive' | 'media' | 'font' | 'pdf' | 'file';

const BY_EXTENSION: Record<string, IconKind> = {};
const KINDS: [IconKind, string][] = [
  ['code', 'html htm xhtml js mjs cjs jsx ts tsx mts cts css scss sass less json jsonc xml php py rb go rs java kt c h cpp hpp cs sh bash zsh ps1 bat vue svelte astro wasm map'],
  ['image', 'png jpg jpeg gif webp avif svg ico bmp tif tiff heic'],
  ['text', 'md markdown txt csv tsv log rst yml yaml toml ini env conf cfg lock'],
  ['archive', 'zip tar gz tgz bz2 xz 7z rar zst br'],
  ['media', 'mp3 wav ogg oga flac m4a aac opus mp4 m4v webm mov mkv avi'],
  ['font', 'woff woff2 ttf otf eot'],
  ['pdf', 'pdf'],
];
for (const [kind, list] of KINDS) for (const ext of list.split(' ')) BY_EXTENSION[ext] = kind;

export function iconKind(name: string, isDirectory: boolean): IconKind {
  if (isDirectory) return 'folder';
  const dot = name.lastIndexOf('.');
  return (dot > 0 ? BY_EXTENSION[name.slice(dot + 1).toLowerCase()] : undefined) ?? 'file';
}

/** A row's icon: decorative, so hidden from screen readers (the name says it all). */
export function iconUse(kind: IconKind): string {
  return `<svg class="icon ${kind}" aria-hidden="true"><use href="#i-${kind}"></use></svg>`;
}

const PAGE = 'M3 1.5h6.5L13 5v9.5H3z';
const FOLD = 'M9.5 1.5V5H13';

/** The symbols, drawn in 16×16 with the current colour (each kind's colour is the stylesheet's). */
export const ICON_SPRITE = `<svg width="0" height="0" style="position:absolute" aria-hidden="true">
<symbol id="i-folder" viewBox="0 0 16 16"><path d="M1.5 3.5h5l1.5 1.5h6.5v8.5h-13z" fill="currentColor" fill-opacity=".25" stroke="currentColor"/></symbol>
<symbol id="i-up" viewBox="0 0 16 16"><path d="M8 13V3.5M4 7.5 8 3.5l4 4" fill="none" stroke="currentColor" stroke-width="1.5"/></symbol>
<symbol id="i-file" viewBox="0 0 16 16"><path d="${PAGE}" fill="none" stroke="currentColor"/><path d="${FOLD}" fill="none" stroke="currentColor"/></symbol>
<symbol id="i-code" viewBox="0 0 16 16"><path d="${PAGE}" fill="none" stroke="currentColor"/><path d="M7 8 5.5 9.75 7 11.5M9 8l1.5 1.75L9 11.5" fill="none" stroke="currentColor"/></symbol>
<symbol id="i-image" viewBox="0 0 16 16"><rect x="1.5" y="2.5" width="13" height="11" rx="1" fill="none" stroke="currentColor"/><circle cx="5.5" cy="6" r="1.25" fill="currentColor"/><path d="M2 12.5 6.5 8.5l3 2.5 2-1.5 2.5 2.5" fill="none" stroke="currentColor"/></symbol>
<symbol id="i-text" viewBox="0 0 16 16"><path d="${PAGE}" fill="none" stroke="currentColor"/><path d="M5.5 7.5h5M5.5 9.5h5M5.5 11.5h3" stroke="currentColor"/></symbol>
<symbol id="i-archive" viewBox="0 0 16 16"><path d="${PAGE}" fill="none" stroke="currentColor"/><path d="M7.5 2v1.5h1V5h-1v1.5h1V8h-1v2.5h1" fill="none" stroke="currentColor"/></symbol>
<symbol id="i-media" viewBox="0 0 16 16"><path d="${PAGE}" fill="none" stroke="currentColor"/><path d="M6.5 7v4.5l4-2.25z" fill="currentColor"/></symbol>
<symbol id="i-font" viewBox="0 0 16 16"><path d="${PAGE}" fill="none" stroke="currentColor"/><path d="M5.5 12 8 6.5l2.5 5.5M6.4 10h3.2" fill="none" stroke="currentColor"/></symbol>
<symbol id="i-pdf" viewBox="0 0 16 16"><path d="${PAGE}" fill="none" stroke="currentColor"/><path d="M5 10.5h6" stroke="currentColor" stroke-width="2"/></symbol>
</svg>`;

export const ICON_STYLE = `
.icon{width:16px;height:16px;vertical-align:-3px;margin-right:.45rem;flex:none;color:var(--muted)}
.icon.folder{color:#d4a72c}.icon.code{color:#8250df}.icon.image{color:#1a7f37}.icon.archive{color:#bc4c00}
.icon.media{color:#cf222e}.icon.pdf{color:#cf222e}.icon.font{color:#0969da}
`;
