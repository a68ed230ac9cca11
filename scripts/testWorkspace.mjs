// The multi-root workspace both integration runners open: folders alpha and beta, and
// workspace settings that keep tests from opening browsers.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function makeTestWorkspace() {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrox-it-'));
  const write = (rel, text) => {
    const file = path.join(base, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  };
  write('alpha/index.html', '<!doctype html>\n<title>alpha</title>\n<h1>alpha</h1>\n');
  write('alpha/style.css', 'h1 { color: rebeccapurple; }\n');
  write('alpha/nested/deep page/page.html', '<!doctype html>\n<title>deep page</title>\n<p>deep page</p>\n');
  write('alpha/docs/readme.txt', 'docs\n');
  write('alpha/live/notes.md', '# Notes\n\nfirst line\n');
  write(
    'alpha/live/form.html',
    '<!doctype html>\n<html><head><title>form</title></head>\n<body>\n<p id="said">said 0</p>\n' +
      '<input id="name">\n<script>window.loaded = (window.loaded || 0) + 1;</script>\n</body></html>\n',
  );
  write(
    'alpha/live/console.html',
    '<!doctype html>\n<title>console</title>\n<p>console</p>\n' +
      '<script src="noisy.js"></script>\n' +
      '<main><h2>Join us</h2><form name="signup" action="/signup" method="post">' +
      '<label for="email">Email address</label><input id="email" name="email" type="email" required>' +
      '<label>Password <input name="pw" type="password" value="hunter2"></label><button>Sign up</button></form></main>\n',
  );
  write('alpha/live/noisy.js', "// logs once\nconsole.error('from a page in VS Code', { answer: 42 });\n");
  write('beta/index.html', '<!doctype html>\n<title>beta</title>\n<h1>beta</h1>\n');
  // A PHP site for the backend suite (served with ferrox.root "php").
  write(
    'beta/php/index.php',
    '<!doctype html>\n<html><head><title>php</title></head>\n<body>\n<?php include "part.php"; ?>\n' +
      '<input id="name">\n<script>window.loaded = (window.loaded || 0) + 1;</script>\n</body></html>\n',
  );
  write('beta/php/part.php', '<h1 id="msg">rendered by php</h1>\n');
  const workspaceFile = path.join(base, 'ferrox-test.code-workspace');
  fs.writeFileSync(
    workspaceFile,
    JSON.stringify(
      {
        folders: [{ path: 'alpha' }, { path: 'beta' }],
        settings: {
          'ferrox.openOnStart': 'none',
          'workbench.startupEditor': 'none',
          'security.workspace.trust.enabled': false,
        },
      },
      null,
      2,
    ),
  );
  return { base, workspaceFile, alpha: path.join(base, 'alpha'), beta: path.join(base, 'beta') };
}
