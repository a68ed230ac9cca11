/**
 * The bytes a rendered page (a listing, a Markdown page) is sent as, per live-reload tag and
 * encoding: made once per rendering and kept, a few at a time, whatever URLs ask (pages at
 * different depths get different tags). A page with live reload is sent as often as one without.
 */
const MAX_VARIANTS = 8;

/** The variant of `variants` for `encoding` and `tag`, made by `make` the first time. */
export function keptVariant(
  variants: Map<string, Buffer>,
  encoding: string,
  tag: Buffer | undefined,
  make: () => Buffer,
): Buffer {
  const key = tag ? `${encoding}\0${tag.toString('latin1')}` : encoding;
  let made = variants.get(key);
  if (!made) {
    made = make();
    if (variants.size >= MAX_VARIANTS) variants.clear();
    variants.set(key, made);
  }
  return made;
}
