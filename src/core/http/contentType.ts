import * as path from 'node:path';
import mime from 'mime';

const byExtension = new Map<string, string>();

/** The Content-Type for a file name, with a charset for text. Memoised per extension. */
export function contentTypeFor(filePath: string): string {
  const ext = path.extname(filePath).toLowerCase();
  let type = byExtension.get(ext);
  if (type === undefined) {
    const base = mime.getType(ext === '' ? path.basename(filePath) : ext) ?? 'application/octet-stream';
    type = isTextual(base) ? `${base}; charset=utf-8` : base;
    // Names without an extension are typed by the whole name (a file called "html"), so not memoised.
    if (ext !== '' && byExtension.size < 1000) byExtension.set(ext, type);
  }
  return type;
}

function isTextual(type: string): boolean {
  return (
    type.startsWith('text/') ||
    /^application\/(?:json|javascript|xml|xhtml\+xml|manifest\+json|ld\+json)$/.test(type) ||
    type === 'image/svg+xml'
  );
}
