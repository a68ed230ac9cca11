import { renderUnicodeCompact } from 'uqr';
import { lanUrls } from './core';

/**
 * After the first line of `--share`: one line per network link and, when stdout is a terminal,
 * a QR code of the first (uqr: small, no dependencies, Unicode for terminals and SVG for VS Code).
 */
export function shareLines(localUrl: string, boundHost: string, token: string, drawQr: boolean): string[] {
  const urls = lanUrls(localUrl, boundHost, token);
  if (urls.length === 0) return ['  No network address found: only this machine can open the link.'];
  const lines = urls.map((u) => `  Network: ${u}`);
  if (drawQr) {
    lines.push('', `  Scan to open ${urls[0]}`, ...renderUnicodeCompact(urls[0], { border: 2 }).split('\n').map((l) => `  ${l}`), '');
  }
  return lines;
}
