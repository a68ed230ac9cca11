import { declaredOptions, GROUP_TITLES, type OptionGroup } from '../core';

/** A flag of the CLI's own, which sets no server option (or sets several, as --share does). */
export interface CliFlag {
  group: OptionGroup | 'terminal';
  usage: string;
  short?: string;
  help: string;
  /** Shown right after this flag of its group (else at the group's end). */
  after?: string;
}

/** The CLI's own flags, in the groups of `--help`; the server's options come from their declarations. */
export const CLI_FLAGS: readonly CliFlag[] = [
  {
    group: 'listen',
    usage: '--https',
    after: '--port',
    help: 'serve HTTPS with a certificate from your local CA (created on first use in ~/.config/ferrox or $FERROX_HOME; trust its ca.pem)',
  },
  { group: 'listen', usage: '--tls-key FILE', after: '--tls-cert', help: 'PEM private key (with --tls-cert)' },
  {
    group: 'listen',
    usage: '--workers N',
    help: 'serve with N processes sharing the port (node:cluster); a worker that dies is replaced (default 1)',
  },
  {
    group: 'access',
    usage: '--share',
    after: '--allowed-hosts',
    help: 'share on the local network with an access token: binds all interfaces (unless --host), prints the links and a QR code',
  },
  { group: 'live', usage: '--no-poll', after: '--poll', help: 'with --live: rely on file events even there' },
  {
    group: 'terminal',
    usage: '--open',
    short: '-o',
    help: 'open the served URL in a browser once listening (a page of this server that reconnects within a second is taken there instead)',
  },
  {
    group: 'terminal',
    usage: '--browser CMD',
    help: 'open with this browser (implies --open): chrome, firefox, edge, chromium, brave, opera, safari, or a command, with arguments: --browser "firefox --private-window"',
  },
  {
    group: 'terminal',
    usage: '--log-format FORMAT',
    help: 'access log lines: dev (short and coloured; the default on a terminal) or combined (Combined Log Format; the default otherwise)',
  },
  {
    group: 'terminal',
    usage: '--quiet',
    help: "print neither the access log nor pages' console messages (a backend's own output is still shown)",
  },
  { group: 'terminal', usage: '--version', short: '-v', help: 'print the version' },
  { group: 'terminal', usage: '--help', short: '-h', help: 'show this help' },
];

const GROUPS: readonly (OptionGroup | 'terminal')[] = ['site', 'listen', 'access', 'backend', 'live', 'terminal'];
const TITLES = { ...GROUP_TITLES, terminal: 'At the terminal' };
const WIDTH = 100;
const COLUMN = 31;

/** `text` in lines of at most `width` characters, broken at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

function entry(f: { usage: string; short?: string; help: string }): string {
  const head = `  ${f.short ? `${f.short}, ` : ''}${f.usage}`;
  const body = wrap(f.help, WIDTH - COLUMN);
  const first = head.length < COLUMN ? head.padEnd(COLUMN) + body[0] : `${head}\n${' '.repeat(COLUMN)}${body[0]}`;
  return [first, ...body.slice(1).map((l) => ' '.repeat(COLUMN) + l)].join('\n');
}

function options(): string {
  const flags: (CliFlag & { group: string })[] = declaredOptions().flatMap(([, d]) =>
    d.flag && !d.flag.sameAs ? [{ group: d.group, usage: d.flag.usage, short: d.flag.short, help: d.help }] : [],
  );
  for (const f of CLI_FLAGS) {
    const at = f.after ? flags.findIndex((g) => g.usage.split(' ')[0] === f.after) : -1;
    flags.splice(at >= 0 ? at + 1 : flags.length, 0, f);
  }
  return GROUPS.map(
    (g) =>
      `${TITLES[g]}:\n${flags
        .filter((f) => f.group === g)
        .map(entry)
        .join('\n')}`,
  ).join('\n\n');
}

/** `ferrox --help`. */
export const USAGE = `Usage: ferrox [folder] [options]

Serve a folder over HTTP (default folder: the current one).

${options()}

Colour: on a terminal only; NO_COLOR turns it off, FORCE_COLOR on.

Exit codes: 0 after a clean shutdown (Ctrl+C or SIGTERM: in-flight responses get up to 3 s),
1 if the server cannot start, 2 for bad options or a missing folder, 130 (143 for SIGTERM)
when a second Ctrl+C (or SIGTERM) ends a shutdown at once.`;
