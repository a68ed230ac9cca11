import { printable } from '../core';
import { OWN_COLOURS } from './output';

/**
 * The CLI's standard output and error, safe to write when their reader goes away, and safe to
 * read: everything written passes `printable` (a page's, a backend's or a request's text never
 * drives the terminal), keeping line breaks, tabs and the CLI's own colours. A tool that
 * reads the URL from the first line (`ferrox | head -1`) closes the pipe; the server must go on
 * serving. The first failed write (EPIPE) ends that stream's output for good: nothing is written
 * to it again and nothing is thrown. Node ignores SIGPIPE, so that error is all that arrives.
 */
export class Output {
  private open = true;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    onClosed: (err: NodeJS.ErrnoException) => void,
  ) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (!this.open) return;
      this.open = false;
      onClosed(err);
    });
  }

  get isTTY(): boolean {
    return this.stream.isTTY === true;
  }

  /** Writes `text` made printable, or nothing once the stream has failed. */
  write(text: string): void {
    if (this.open) this.stream.write(printable(text, { multiline: true, keep: OWN_COLOURS }));
  }
}

export const stderr: Output = new Output(process.stderr, () => undefined);
export const stdout: Output = new Output(process.stdout, (err) => {
  stderr.write(
    `ferrox: standard output ${err.code === 'EPIPE' ? 'was closed' : `failed (${err.code ?? err.message})`}; ` +
      'the access log stops here, and the server goes on serving\n',
  );
});
