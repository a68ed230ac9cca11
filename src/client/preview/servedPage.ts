/**
 * What the preview panel may show or open: an http(s) page of the served origin, nothing else (a
 * page could post any address, such as `file:` or `vscode:` links, into its messages). Both ends
 * apply it: the panel's script (./index.ts) and the extension that hosts it (src/extension/pages/preview.ts).
 */
export function isServedPage(candidate: unknown, servedOrigin: string): boolean {
  if (typeof candidate !== 'string') return false;
  try {
    const url = new URL(candidate);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === servedOrigin;
  } catch {
    return false;
  }
}
