import * as assert from 'node:assert/strict';
import { forwardedHost, previewPlace } from '../../../src/extension/pages/forwarding';

describe("remote windows: the forwarded address's host", () => {
  const local = 'http://127.0.0.1:8080/';

  it('names a forwarding host the server must accept (Codespaces, a tunnel, a dev container domain)', () => {
    assert.equal(forwardedHost('https://fuzzy-robot-8080.app.github.dev/', local), 'fuzzy-robot-8080.app.github.dev');
    assert.equal(forwardedHost('https://x-8080.euw.devtunnels.ms/page.html', local), 'x-8080.euw.devtunnels.ms');
    assert.equal(forwardedHost('https://Code.Example.TEST./proxy/8080/', local), 'code.example.test');
  });

  it('names nothing the server accepts anyway, or cannot read', () => {
    assert.equal(forwardedHost('http://127.0.0.1:37343/proxy/8080/', local), undefined, "code-server's proxy");
    assert.equal(forwardedHost('http://localhost:49152/', local), undefined, 'a forwarded local port');
    assert.equal(forwardedHost('http://app.localhost:8080/', local), undefined);
    assert.equal(forwardedHost('http://[::1]:8080/', local), undefined);
    assert.equal(forwardedHost('http://192.168.1.20:8080/', local), undefined);
    assert.equal(forwardedHost('http://devbox:8080/', 'http://devbox:8080/'), undefined, 'the bound host');
    assert.equal(forwardedHost('not a url', local), undefined);
  });
});

describe('where "Preview in Editor" shows a page', () => {
  it('the Integrated Browser where VS Code has one, the panel elsewhere or when asked, the browser in Codespaces', () => {
    assert.deepEqual(previewPlace('auto', true, undefined), { place: 'integrated' });
    assert.deepEqual(previewPlace('auto', true, 'codespaces'), { place: 'integrated' });
    assert.deepEqual(previewPlace('panel', true, undefined), { place: 'panel' });
    assert.deepEqual(previewPlace('auto', false, undefined), { place: 'panel' });
    assert.deepEqual(previewPlace('auto', false, 'ssh-remote'), { place: 'panel' });
    const codespaces = previewPlace('panel', false, 'codespaces');
    assert.equal(codespaces.place, 'browser');
    assert.match('why' in codespaces ? codespaces.why : '', /sign in/);
  });
});
