import * as assert from 'node:assert/strict';
import type * as os from 'node:os';
import { lanUrls, shareOptions } from '../../../src/core';

const iface = (address: string, family: 'IPv4' | 'IPv6', internal = false) =>
  ({ address, family, internal }) as os.NetworkInterfaceInfo;

describe('sharing: options and links', () => {
  const interfaces = {
    lo: [iface('127.0.0.1', 'IPv4', true), iface('::1', 'IPv6', true)],
    eth0: [iface('fd00::7', 'IPv6'), iface('192.168.1.20', 'IPv4'), iface('fe80::1', 'IPv6')],
  };

  it('binds every interface unless a host was chosen, needs the token, and accepts the host name', () => {
    const o = shareOptions({ root: '.', allowedHosts: ['dev.test'] }, 'x'.repeat(43), 'Devbox');
    assert.equal(o.host, '0.0.0.0');
    assert.equal(o.accessToken, 'x'.repeat(43));
    assert.deepEqual(o.allowedHosts, ['dev.test', 'devbox', 'devbox.local']);
    assert.equal(shareOptions({ root: '.', host: '192.168.1.20' }, 't').host, '192.168.1.20');
  });

  it('lists the network links with the token, IPv4 first, no loopback or link-local', () => {
    assert.deepEqual(lanUrls('http://127.0.0.1:8080/', '0.0.0.0', 'T', interfaces), [
      'http://192.168.1.20:8080/?token=T',
    ]);
    assert.deepEqual(lanUrls('https://localhost:8443/', '::', 'T', interfaces), [
      'https://192.168.1.20:8443/?token=T',
      'https://[fd00::7]:8443/?token=T',
    ]);
    assert.deepEqual(lanUrls('http://192.168.1.20:8080/', '192.168.1.20', 'T', interfaces), [
      'http://192.168.1.20:8080/?token=T',
    ]);
    assert.deepEqual(lanUrls('http://127.0.0.1:8080/', '127.0.0.1', 'T', interfaces), []);
  });
});
