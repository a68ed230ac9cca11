import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BrowserChoiceError, browserLaunch, openBrowser, type PlatformFacts } from '../../../src/core';
import { splitCommandLine } from '../../../src/core/browser';

const URL_ = 'http://127.0.0.1:8080/a b?x=1&y=2';
const on = (platform: PlatformFacts['platform'], path: string[] = []): PlatformFacts => ({
  platform,
  findOnPath: (name) => (path.includes(name) ? `/usr/bin/${name}` : undefined),
});

describe('browser: which process opens a URL', () => {
  it('splits a command line, quotes grouping words and backslashes kept as they are', () => {
    assert.deepEqual(splitCommandLine('firefox --private-window'), ['firefox', '--private-window']);
    assert.deepEqual(splitCommandLine('"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe"  --incognito '), [
      'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
      '--incognito',
    ]);
    assert.deepEqual(splitCommandLine(`chrome '--user-data-dir=/tmp/a profile' ""`), [
      'chrome',
      '--user-data-dir=/tmp/a profile',
      '',
    ]);
    assert.throws(() => splitCommandLine('"chrome --incognito'), /unclosed " in/);
  });

  it('the default browser on each platform', () => {
    assert.deepEqual(browserLaunch(URL_, undefined, on('linux')), {
      command: 'xdg-open',
      args: [URL_],
      label: 'the default browser',
    });
    assert.deepEqual(browserLaunch(URL_, 'default', on('darwin')), {
      command: 'open',
      args: [URL_],
      label: 'the default browser',
    });
    const win = browserLaunch(URL_, '  ', on('win32'));
    assert.equal(win.command, 'cmd.exe');
    assert.equal(win.verbatim, true);
    // The empty title, then the URL quoted whole: its & is no command separator for cmd.
    assert.deepEqual(win.args, ['/d', '/s', '/c', `"start "" "${URL_}""`]);
  });

  it('a browser by name: the first of its Linux commands on PATH, a macOS app, a Windows App Paths name', () => {
    assert.deepEqual(browserLaunch(URL_, 'chrome', on('linux', ['chromium'])), {
      command: '/usr/bin/chromium',
      args: [URL_],
      label: 'chrome',
    });
    assert.deepEqual(browserLaunch(URL_, 'Firefox --private-window', on('linux', ['firefox-esr'])), {
      command: '/usr/bin/firefox-esr',
      args: ['--private-window', URL_],
      label: 'firefox',
    });
    assert.deepEqual(browserLaunch(URL_, 'chrome', on('darwin')), {
      command: 'open',
      args: ['-a', 'Google Chrome', URL_],
      label: 'Google Chrome',
    });
    // Arguments reach only a new instance of a macOS app.
    assert.deepEqual(browserLaunch(URL_, 'edge --inprivate', on('darwin')), {
      command: 'open',
      args: ['-na', 'Microsoft Edge', '--args', '--inprivate', URL_],
      label: 'Microsoft Edge',
    });
    assert.deepEqual(browserLaunch(URL_, 'msedge --inprivate', on('win32')).args, [
      '/d',
      '/s',
      '/c',
      `"start "" "msedge" "--inprivate" "${URL_}""`,
    ]);
    // Any other name is a macOS app by its name, or a command elsewhere.
    assert.deepEqual(browserLaunch(URL_, 'Arc', on('darwin')).args, ['-a', 'Arc', URL_]);
    assert.deepEqual(browserLaunch(URL_, 'vivaldi --incognito', on('linux')), {
      command: 'vivaldi',
      args: ['--incognito', URL_],
      label: 'vivaldi',
    });
  });

  it('a path with spaces and arguments, on each platform', () => {
    const exe = 'C:\\Program Files\\Mozilla Firefox\\firefox.exe';
    assert.deepEqual(browserLaunch(URL_, `"${exe}" -P work`, on('win32')).args, [
      '/d',
      '/s',
      '/c',
      `"start "" "${exe}" "-P" "work" "${URL_}""`,
    ]);
    assert.deepEqual(browserLaunch(URL_, '/Applications/Firefox.app/Contents/MacOS/firefox -P work', on('darwin')), {
      command: '/Applications/Firefox.app/Contents/MacOS/firefox',
      args: ['-P', 'work', URL_],
      label: '/Applications/Firefox.app/Contents/MacOS/firefox',
    });
  });

  it('says why a named browser cannot be used', () => {
    assert.throws(
      () => browserLaunch(URL_, 'chrome', on('linux')),
      (e: Error) =>
        e instanceof BrowserChoiceError &&
        /chrome was not found on PATH \(looked for google-chrome, google-chrome-stable, chromium, chromium-browser\)/.test(
          e.message,
        ),
    );
    assert.throws(() => browserLaunch(URL_, 'safari', on('win32')), /safari is not a browser on Windows/);
    assert.throws(() => browserLaunch(URL_, 'safari', on('linux')), /safari is not a browser on this system/);
    assert.throws(
      () => browserLaunch(URL_, `chrome '--x="y'`, on('win32')),
      /cannot contain a double quote on Windows/,
    );
  });

  it('starts the command with the URL last, and reports one that fails or is missing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-browser-'));
    try {
      const record = path.join(dir, 'opened.json');
      const stub = path.join(dir, 'stub.js');
      fs.writeFileSync(
        stub,
        `require('fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv.slice(2)));`,
      );
      const errors: string[] = [];
      openBrowser(URL_, `"${process.execPath}" "${stub}" --private-window`, (m) => errors.push(m));
      for (let i = 0; i < 200 && !fs.existsSync(record); i++) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(JSON.parse(fs.readFileSync(record, 'utf8')), ['--private-window', URL_]);

      const failures = await new Promise<string>((resolve) =>
        openBrowser(URL_, path.join(dir, 'no-such-browser'), resolve),
      );
      assert.match(
        failures,
        /could not open .*no-such-browser \(.*ENOENT\); open http:\/\/127\.0\.0\.1:8080\/a b\?x=1&y=2 yourself/,
      );
      const exited = await new Promise<string>((resolve) => openBrowser(URL_, 'false', resolve));
      assert.match(exited, /could not open false \(false exited with 1\)/);
      assert.deepEqual(errors, []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
