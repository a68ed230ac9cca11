/**
 * The one rule for text that reaches a terminal, an Output channel or the Problems panel: a
 * string from a page, a backend, a request or a file is shown, never obeyed. C0 and C1 control
 * characters (ESC starts CSI and OSC sequences: OSC 52 writes the clipboard, OSC 0 the window
 * title, CSI moves the cursor and can forge log lines; U+009B is CSI on its own) and the
 * bidirectional overrides that reorder what is read (Trojan Source) become visible escapes.
 * Line breaks and tabs are kept in multiline text.
 */

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNPRINTABLE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- the same, with line breaks and tabs too
const UNPRINTABLE_IN_LINE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- the escape sequences of colour alone (SGR)
const COLOUR = /\x1b\[[0-9;]*m/g;

export interface PrintableOptions {
  /** Keep line breaks and tabs (a message, a block of lines). Default: they are escaped too. */
  multiline?: boolean;
  /**
   * Colour sequences (SGR, exactly as given) that pass as they are: a terminal front's own
   * colours, which it adds around text it made. Nothing else with an ESC passes.
   */
  keep?: ReadonlySet<string>;
}

/** `text` with control characters and bidi overrides shown as `\xNN` / `\uNNNN` escapes. */
export function printable(text: string, options: PrintableOptions = {}): string {
  const pattern = options.multiline ? UNPRINTABLE : UNPRINTABLE_IN_LINE;
  pattern.lastIndex = 0;
  if (!pattern.test(text)) return text;
  const keep = options.keep;
  if (!keep?.size) return text.replace(pattern, escapeChar);
  // Pieces between kept colour sequences are escaped; the kept sequences go through untouched.
  let out = '';
  let from = 0;
  for (const m of text.matchAll(COLOUR)) {
    if (!keep.has(m[0])) continue;
    out += text.slice(from, m.index).replace(pattern, escapeChar) + m[0];
    from = m.index + m[0].length;
  }
  return out + text.slice(from).replace(pattern, escapeChar);
}

/** A line a program printed, for showing as text: its colour sequences dropped, the rest printable. */
export function printableOutput(line: string): string {
  return printable(line.replace(COLOUR, ''));
}

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
