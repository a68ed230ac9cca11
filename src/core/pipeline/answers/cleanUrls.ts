import { encodePath } from '../../http';
import { lookup, type Lookup } from '../../files';

/**
 * Clean URLs: `/about` serves `about.html` when nothing is called `about`, and `/about.html`
 * (or `/docs/index.html`) redirects to `/about` (`/docs/`). Both stay inside the same folder, so
 * containment, hidden names and the change feed apply unchanged. `/index` redirects to its
 * folder, and the site's 404 page (`notFoundPage`) gets no clean URL: `/404` stays a 404.
 */
export async function cleanUrl(
  realRoot: string,
  segments: string[],
  found: Lookup,
  notFoundPage?: string,
): Promise<{ found: Lookup; redirect?: string }> {
  const last = segments[segments.length - 1];
  if (last === undefined) return { found };
  if (found.kind === 'file' && /\.html$/i.test(last)) {
    const bare = last.slice(0, -'.html'.length);
    if (bare.toLowerCase() === 'index') return { found, redirect: encodePath(segments.slice(0, -1), true) };
    // Only when the clean name is free: a folder `about/` beside `about.html` keeps the .html URL.
    const clean = [...segments.slice(0, -1), bare];
    if (bare !== '' && (await lookup(realRoot, clean)).kind === 'error')
      return { found, redirect: encodePath(clean, false) };
  }
  if (found.kind === 'error' && found.status === 404 && !/\.html?$/i.test(last)) {
    // `/index` is the folder itself; the site's 404 page is not a page of its own (it stays 404).
    if (last.toLowerCase() === 'index') return { found, redirect: encodePath(segments.slice(0, -1), true) };
    if (notFoundPage !== undefined && [...segments.slice(0, -1), `${last}.html`].join('/') === notFoundPage)
      return { found };
    const page = await lookup(realRoot, [...segments.slice(0, -1), `${last}.html`]);
    if (page.kind === 'file') return { found: page };
  }
  return { found };
}
