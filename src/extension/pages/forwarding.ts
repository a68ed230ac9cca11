/**
 * Remote windows (Remote-SSH, WSL, Dev Containers, Codespaces, code-server): VS Code forwards the
 * server's port and gives an address for it (`asExternalUri`). Browsers send that address's host
 * in `Host`, which the server refuses unless it is one it always accepts (localhost, an IP
 * address, its bound host) or one listed. No vscode import: unit tests run it.
 */
import * as net from 'node:net';

/**
 * The host name of `external` that the server must accept for pages opened there, or undefined
 * when it needs no listing (the same host as `local`, localhost and *.localhost, an IP literal).
 */
export function forwardedHost(external: string, local: string): string | undefined {
  let host: string;
  try {
    host = new URL(external).hostname.toLowerCase().replace(/\.$/, '');
    if (host === new URL(local).hostname.toLowerCase()) return undefined;
  } catch {
    return undefined;
  }
  const bare = host.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || net.isIP(bare) !== 0) return undefined;
  return host;
}

/** Where "Preview in Editor" shows a page, and why when it is not where the user looks for it. */
export type PreviewPlace = { place: 'integrated' } | { place: 'panel' } | { place: 'browser'; why: string };

/**
 * `target`: ferrox.preview.target; `integrated`: whether this VS Code has the Integrated Browser;
 * `remoteName`: vscode.env.remoteName. In Codespaces a forwarded port is private until the user
 * signs in, on a page the preview panel's frame cannot show: the page opens in the browser.
 */
export function previewPlace(
  target: string | undefined,
  integrated: boolean,
  remoteName: string | undefined,
): PreviewPlace {
  if (target !== 'panel' && integrated) return { place: 'integrated' };
  if (remoteName === 'codespaces')
    return {
      place: 'browser',
      why: 'Codespaces asks you to sign in to a forwarded port on a page the preview panel cannot show, so the page opens in your browser.',
    };
  return { place: 'panel' };
}
