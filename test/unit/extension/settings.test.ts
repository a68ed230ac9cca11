import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { expandPath, nameSettings as nameSettingsOf } from '../../../src/extension/settings/settingNames';
import { declaredOptions } from '../../../src/core';
import { EXTENSION_ID, restrictedSettings } from '../../../src/extension/settings/trustSettings';

const RESTRICTED_SETTINGS = restrictedSettings(declaredOptions());
const nameSettings = (problem: string) => nameSettingsOf(problem, declaredOptions());

// eslint-disable-next-line @typescript-eslint/no-require-imports
const manifest = require('../../../../package.json') as {
  contributes: { configuration: { properties: Record<string, { scope?: string }> } };
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
  publisher: string;
  name: string;
};

describe('extension settings', () => {
  const props = manifest.contributes.configuration.properties;

  it("restricts in package.json the settings the declarations' scopes name (the list the extension explains)", () => {
    assert.equal(EXTENSION_ID, `${manifest.publisher}.${manifest.name}`, 'the id the extension reads its manifest by');
    assert.deepEqual(
      [...manifest.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(),
      [...RESTRICTED_SETTINGS].sort(),
    );
    for (const s of RESTRICTED_SETTINGS) assert.ok(props[s], `${s} is a declared setting`);
  });

  it('a workspace can neither mount folders in Restricted Mode nor choose the command that opens a browser', () => {
    assert.ok(RESTRICTED_SETTINGS.includes('ferrox.mount'), 'ferrox.mount is restricted');
    assert.equal((props['ferrox.browser.command'] as { scope?: string }).scope, 'application', 'user settings only');
    assert.equal(
      nameSettings('mount: the folder /x (for /v) does not exist'),
      'ferrox.mount: the folder /x (for /v) does not exist',
    );
  });

  it('rewrites core messages to name settings, leaving prose alone', () => {
    assert.equal(
      nameSettings('port must be a whole number from 0 to 65535, got 70000'),
      'ferrox.port must be a whole number from 0 to 65535, got 70000',
    );
    assert.equal(
      nameSettings('host must be a host name or IP address, got ""'),
      'ferrox.host must be a host name or IP address, got ""',
    );
    assert.equal(
      nameSettings('headersTimeoutMs (60000) must not exceed requestTimeoutMs (30000)'),
      'ferrox.headersTimeout (60000) must not exceed ferrox.requestTimeout (30000)',
    );
    assert.equal(
      nameSettings('redirectPort (8081) needs TLS: set tls.cert and tls.key'),
      'ferrox.tls.redirectPort (8081) needs TLS: set ferrox.tls.cert and ferrox.tls.key',
    );
    assert.equal(
      nameSettings('headers: "Bad Name" is not a valid header name'),
      'ferrox.headers: "Bad Name" is not a valid header name',
    );
    assert.equal(
      nameSettings('proxy: the target of "/api" is not a URL: "x"'),
      'ferrox.proxy: the target of "/api" is not a URL: "x"',
    );
    assert.equal(
      nameSettings('notFoundPage must be a page inside the folder (no "..", no dotfiles), got "../x"'),
      'ferrox.notFoundPage must be a page inside the folder (no "..", no dotfiles), got "../x"',
    );
  });

  it('expands ${workspaceFolder} and ~, and resolves relative paths against the folder', () => {
    const folder = path.join(os.tmpdir(), 'ws');
    assert.equal(expandPath('${workspaceFolder}/public', folder), path.join(folder, 'public'));
    assert.equal(expandPath('public', folder), path.join(folder, 'public'));
    assert.equal(expandPath('~/certs/a.pem', folder), path.join(os.homedir(), 'certs/a.pem'));
    assert.equal(expandPath('/abs/x', folder), '/abs/x');
  });
});
