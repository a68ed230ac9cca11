/**
 * File-type icons for listings: one style block per page (ICON_STYLE, CSS masks of data: SVGs, so
 * no image requests), each row naming its kind by a class. Kinds by extension, as peers' listings do.
 */

export type IconKind = 'folder' | 'up' | 'code' | 'image' | 'text' | 'archive' | 'media' | 'font' | 'pdf' | 'file';

const BY_EXTENSION: Record<string, IconKind> = {};
const KINDS: [IconKind, string][] = [
  [
    'code',
    'html htm xhtml js mjs cjs jsx ts tsx mts cts css scss sass less json jsonc xml php py rb go rs java kt c h cpp hpp cs sh bash zsh ps1 bat vue svelte astro wasm map',
  ],
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

/** The class a row's name cell carries for its icon (drawn by ICON_STYLE; nothing per row but the class). */
export function iconClass(kind: IconKind): string {
  return `k-${kind}`;
}

const PAGE = 'M3 1.5h6.5L13 5v9.5H3z';
const FOLD = 'M9.5 1.5V5H13';
const line = (d: string, extra = '') => `<path d='${d}' fill='none' stroke='black'${extra}/>`;

/** Each kind's shape in 16×16: the mask an icon is painted through, in the kind's colour. */
const SHAPES: Record<IconKind, string> = {
  folder: `<path d='M1.5 3.5h5l1.5 1.5h6.5v8.5h-13z' fill='black' fill-opacity='.3' stroke='black'/>`,
  up: line('M8 13V3.5M4 7.5 8 3.5l4 4', " stroke-width='1.5'"),
  file: line(PAGE) + line(FOLD),
  code: line(PAGE) + line('M7 8 5.5 9.75 7 11.5M9 8l1.5 1.75L9 11.5'),
  image:
    `<rect x='1.5' y='2.5' width='13' height='11' rx='1' fill='none' stroke='black'/><circle cx='5.5' cy='6' r='1.25'/>` +
    line('M2 12.5 6.5 8.5l3 2.5 2-1.5 2.5 2.5'),
  text: line(PAGE) + line('M5.5 7.5h5M5.5 9.5h5M5.5 11.5h3'),
  archive: line(PAGE) + line('M7.5 2v1.5h1V5h-1v1.5h1V8h-1v2.5h1'),
  media: line(PAGE) + `<path d='M6.5 7v4.5l4-2.25z'/>`,
  font: line(PAGE) + line('M5.5 12 8 6.5l2.5 5.5M6.4 10h3.2'),
  pdf: line(PAGE) + line('M5 10.5h6', " stroke-width='2'"),
};

const COLOURS: Partial<Record<IconKind, string>> = {
  folder: '#d4a72c',
  code: '#8250df',
  image: '#1a7f37',
  archive: '#bc4c00',
  media: '#cf222e',
  pdf: '#cf222e',
  font: '#0969da',
};

function maskUrl(shape: string): string {
  const svg = `<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'>${shape}</svg>`;
  return `url("data:image/svg+xml,${svg.replace(/#/g, '%23').replace(/</g, '%3C').replace(/>/g, '%3E')}")`;
}

/**
 * The icons, once per page: a 16px box before the name, painted in the kind's colour through its
 * shape (a CSS mask of a data: SVG, which the listing's CSP allows as an image), so rows carry
 * only a class.
 */
export const ICON_STYLE = `
td.name::before{content:"";display:inline-block;width:16px;height:16px;vertical-align:-3px;margin-right:.45rem;background:var(--muted);-webkit-mask:var(--icon) center/contain no-repeat;mask:var(--icon) center/contain no-repeat}
${(Object.keys(SHAPES) as IconKind[]).map((k) => `.k-${k}{--icon:${maskUrl(SHAPES[k])}}${COLOURS[k] ? `td.k-${k}::before{background:${COLOURS[k]}}` : ''}`).join('\n')}
`;
