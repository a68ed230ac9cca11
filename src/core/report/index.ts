/**
 * report/: what hosts show people of a running server, as plain text they print where they
 * like: access log lines (Combined, Common, dev), pages' console messages with the file behind
 * them, and the links (and QR code) a shared server is reached by; and `printable`, the one rule
 * every string from outside passes before a host shows it. Never prints anything itself.
 */
export { formatAccessLog, formatDevLog, isOwnRequest, type StatusPainter } from './accessLog';
export { formatBrowserMessage, locateSource, messageLocation, type BrowserMessage } from './browserConsole';
export { originalPosition, type OriginalPosition } from './sourceMaps';
export { lanUrls, qrCodeSvg } from './shareLinks';
export { printable, printableOutput, type PrintableOptions } from './printable';
