/**
 * The user's answer, per workspace, for each backend command a workspace's settings ask Ferrox to
 * run. A command runs code with the user's rights, and a cloned repository's settings name it:
 * so it runs only once the user has seen it and said yes. A changed command (a `git pull` that
 * edits .vscode/settings.json) is a new question. No vscode import: the store and the question
 * are handed in, so unit tests can drive it.
 */

/** Where answers are kept: the workspace's Memento in the extension. */
export interface AnswerStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

/** Asks the user; undefined when the question was dismissed (asked again next time). */
export type AskToRun = (folderName: string, command: string) => Promise<'run' | 'refuse' | undefined>;

const KEY = 'ferrox.backendAnswers';

export class BackendConsent {
  /** A question being asked, so that two starts at once ask once. */
  private readonly asking = new Map<string, Promise<boolean>>();

  constructor(
    private readonly store: AnswerStore,
    private readonly ask: AskToRun,
  ) {}

  /** Whether `command`, from the settings of the folder at `folderUri`, may run: asks the first time. */
  allows(folderUri: string, folderName: string, command: string): Promise<boolean> {
    const key = `${folderUri}\n${command}`;
    const known = this.answers()[key];
    if (known !== undefined) return Promise.resolve(known);
    let pending = this.asking.get(key);
    if (!pending) {
      pending = this.ask(folderName, command)
        .then(async (answer) => {
          if (answer !== undefined) await this.store.update(KEY, { ...this.answers(), [key]: answer === 'run' });
          return answer === 'run';
        })
        .finally(() => this.asking.delete(key));
      this.asking.set(key, pending);
    }
    return pending;
  }

  /** Forgets every answer: each command is asked about again. */
  async forget(): Promise<void> {
    await this.store.update(KEY, undefined);
  }

  private answers(): Record<string, boolean> {
    return this.store.get<Record<string, boolean>>(KEY) ?? {};
  }
}

/** Lines of the command as the question shows it: short enough that no dialog cuts one off. */
const LINE = 80;

/**
 * The command as the question shows it, so that nothing can hide in it: control characters,
 * line breaks and bidi overrides made visible (`escape`: the core's printable rule), long runs
 * of spaces counted (`[40 spaces]`) instead of pushing the rest out of sight, and the whole
 * command in lines of at most 80 characters, however long, with its length when it wraps.
 */
export function visibleCommand(command: string, escape: (text: string) => string): string {
  const text = escape(command).replace(/ {4,}/g, (run) => ` [${run.length} spaces] `);
  const lines: string[] = [];
  for (let rest = text; rest.length > 0;) {
    let cut = rest.length <= LINE ? rest.length : rest.lastIndexOf(' ', LINE);
    if (cut <= LINE / 2) cut = Math.min(LINE, rest.length);
    lines.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^ /, '');
  }
  return lines.length > 1 ? `${lines.join('\n')}\n(${command.length} characters)` : lines.join('');
}
