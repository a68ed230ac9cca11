// Runs the same integration suite (test/integration) in a desktop VS Code downloaded by
// @vscode/test-electron, for machines that can reach the VS Code download host. The offline
// runner, scripts/test-integration-offline.mjs, runs it in code-server's VS Code instead.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { makeTestWorkspace } from './testWorkspace.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ws = makeTestWorkspace();
try {
  await runTests({
    version: process.env.VSCODE_VERSION ?? '1.99.3',
    extensionDevelopmentPath: repo,
    extensionTestsPath: path.join(repo, 'out/test/integration/index'),
    launchArgs: [
      ws.workspaceFile,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
    ],
    extensionTestsEnv: {
      FERROX_TEST_RESULTS: path.join(ws.base, 'results.json'),
      FERROX_HOME: path.join(ws.base, 'ferrox-home'),
    },
  });
} catch (err) {
  console.error(`integration (electron): ${err.message ?? err}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(ws.base, { recursive: true, force: true });
}
