/**
 * What the `ferrox` command shows people: colour when the stream is a terminal (or FORCE_COLOR
 * says so, and never with NO_COLOR), the block after the first line, and the access log format.
 */
import { styleText } from 'node:util';
import { renderUnicodeCompact } from 'uqr';
import {
  formatAccessLog,
  formatDevLog,
  isOwnRequest,
  isWildcardAddress,
  lanUrls,
  phoneLink,
  type AccessLogEntry,
} from '../core';
import type { LogFormat } from './args';

/** Whether to colour a stream: FORCE_COLOR wins, then NO_COLOR, then whether it is a terminal. */
export function colourFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** The styles the CLI paints with: their escape sequences alone pass the output's printable rule (streams.ts). */
const STYLES = ['bold', 'dim', 'cyan', 'yellow', 'red', 'green'] as const;
type Style = (typeof STYLES)[number];

/** The exact colour sequences the CLI's own styles write (their start and their end). */
export const OWN_COLOURS: ReadonlySet<string> = new Set(
  STYLES.flatMap((s) => styleText(s, '\0', { validateStream: false }).split('\0')),
);

export interface Paint {
  (style: Style, text: string): string;
  status(status: number, text: string): string;
}

/** Styles text when `enabled`; otherwise returns it as it is. */
export function painter(enabled: boolean): Paint {
  // colourFor has decided: styleText must not check process.stdout again (it would refuse colour
  // on stderr's behalf, or under CI=true, whatever FORCE_COLOR says).
  const paint = ((style: Style, text: string) =>
    enabled ? styleText(style, text, { validateStream: false }) : text) as Paint;
  // As morgan's dev format: server errors red, client errors yellow, redirects cyan, success green.
  paint.status = (status, text) =>
    paint(status >= 500 ? 'red' : status >= 400 ? 'yellow' : status >= 300 ? 'cyan' : 'green', text);
  return paint;
}

export interface StartInfo {
  /** The local URL (with the token when shared). */
  url: string;
  /** The URL without a token, to build network links from. */
  baseUrl: string;
  host: string;
  token?: string;
  /** Draw a QR code of the first network link (a terminal, sharing). */
  drawQr: boolean;
  proxies: [string, string][];
  /** The backend's command or URL, when one serves the site. */
  backend?: string;
  /** Prefixes still served from the folder. */
  statics?: readonly string[];
  /** Folders watched besides the served one. */
  watched?: readonly string[];
  liveReload: boolean;
  /** The hosts' files that apply, each with what it holds (`_redirects (3 redirects)`). */
  hostRules?: readonly string[];
  /** `--share-address`: the address the first link names. */
  shareAddress?: string;
  /** The MCP endpoint's URL (`--mcp`), on this machine. */
  mcp?: string;
}

/**
 * The lines after the first: the local URL, a line per network link when the network can reach
 * the server (with a QR code of the first when shared, on a terminal), proxy rules, and how to stop.
 */
export function startBlock(info: StartInfo, paint: Paint): string[] {
  const lines = ['', `  ${paint('bold', 'Local:')}    ${paint('cyan', info.url)}`];
  const network = lanUrls(info.baseUrl, info.host, info.token, undefined, info.shareAddress);
  if (isWildcardAddress(info.host) || info.token !== undefined) {
    const why = isWildcardAddress(info.host)
      ? 'no network address found'
      : `it listens on ${info.host} alone (leave --host out to share)`;
    if (network.length === 0)
      lines.push(`  ${paint('bold', 'Network:')}  ${paint('dim', `${why}: only this machine can open it`)}`);
    for (const url of network) lines.push(`  ${paint('bold', 'Network:')}  ${paint('cyan', url)}`);
  }
  for (const [prefix, target] of info.proxies) lines.push(`  ${paint('bold', 'Proxy:')}    ${prefix} -> ${target}`);
  if (info.backend !== undefined) {
    const kept = info.statics?.length ? ` (but ${info.statics.join(', ')}, from the folder)` : '';
    lines.push(`  ${paint('bold', 'Backend:')}  ${info.backend}${kept}`);
  }
  for (const folder of info.watched ?? []) lines.push(`  ${paint('bold', 'Watching:')} ${folder}`);
  for (const file of info.hostRules ?? []) lines.push(`  ${paint('bold', 'Rules:')}    ${file}`);
  if (info.mcp !== undefined) {
    lines.push(
      `  ${paint('bold', 'MCP:')}      ${paint('cyan', info.mcp)} ${paint('dim', '(agents on this machine only)')}`,
      `            ${paint('dim', 'add it:')} claude mcp add --transport http ferrox ${info.mcp}`,
    );
  }
  if (info.drawQr && info.token !== undefined && network.length > 0) {
    // The QR code opens the phone's page: the site's link, and over HTTPS the CA to trust.
    const phone = phoneLink(network[0]);
    lines.push(
      '',
      `  Scan to open ${phone}`,
      ...renderUnicodeCompact(phone, { border: 2 })
        .split('\n')
        .map((l) => `  ${l}`),
    );
  }
  // Live reload is what most people come for; when it is off, say how to have it.
  const live = info.liveReload
    ? 'Live reload is on.'
    : 'Live reload is off: add --live to have pages follow your edits.';
  lines.push('', `  ${paint('dim', `${live} Press Ctrl+C to stop.`)}`);
  return lines;
}

/** The one-line warning for a server anyone on the network can read. */
export function exposedWarning(paint: Paint): string {
  return (
    `${paint('yellow', 'ferrox: warning:')} bound to every interface without --share: anyone on your network can read this folder. ` +
    'Add --share to require a link with a token.'
  );
}

/** Formats access log entries the chosen way (dev on a terminal, combined otherwise). */
/** The line for an entry in the chosen format; undefined for Ferrox's own requests in `dev` (noise beside the site's). */
export function accessLogger(format: LogFormat, paint: Paint): (entry: AccessLogEntry) => string | undefined {
  return format === 'dev'
    ? (e) => (isOwnRequest(e) ? undefined : formatDevLog(e, paint.status))
    : (e) => formatAccessLog(e);
}
