import * as assert from 'node:assert/strict';
import type * as os from 'node:os';
import { lanUrls } from '../../../src/core';
import {
  diagnoseSharing,
  interfaceKind,
  shareAddressProblem,
  shareCandidates,
  type ReachFacts,
} from '../../../src/core/reach';

const v4 = (address: string): os.NetworkInterfaceInfo => ({
  address,
  netmask: '255.255.255.0',
  family: 'IPv4',
  mac: '00:00:00:00:00:00',
  internal: false,
  cidr: `${address}/24`,
});
const loopback: os.NetworkInterfaceInfo = { ...v4('127.0.0.1'), internal: true };

/** Facts with `commands` answering by "command args" (anything else: not there). */
function facts(
  platform: NodeJS.Platform,
  interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]>,
  commands: Record<string, { code?: number; stdout: string }> = {},
  files: Record<string, string> = {},
): ReachFacts {
  return {
    platform,
    interfaces,
    execPath: '/usr/local/bin/node',
    run: async (command, args) => {
      const answer = commands[[command, ...args].join(' ')];
      return answer && { code: answer.code ?? 0, stdout: answer.stdout };
    },
    read: async (file) => files[file],
  };
}

describe('sharing: which address, and why a phone cannot connect', () => {
  it('names the Wi-Fi or Ethernet address, skipping VPN, Docker, WSL and virtual adapters, on each system', () => {
    const table: [string, NodeJS.Dict<os.NetworkInterfaceInfo[]>, string, string[]][] = [
      [
        'Linux: Wi-Fi, Docker, a bridge, WireGuard, Tailscale',
        {
          lo: [loopback],
          docker0: [v4('172.17.0.1')],
          'br-3f2a9c1d4e5b': [v4('172.18.0.1')],
          wg0: [v4('10.8.0.2')],
          tailscale0: [v4('100.101.7.3')],
          wlp2s0: [v4('192.168.1.20')],
        },
        '192.168.1.20',
        ['docker0', 'br-3f2a9c1d4e5b', 'wg0', 'tailscale0'],
      ],
      [
        'Windows: Wi-Fi, WSL, the Default Switch, a VPN, VirtualBox',
        {
          'vEthernet (WSL (Hyper-V firewall))': [v4('172.29.224.1')],
          'vEthernet (Default Switch)': [v4('172.20.16.1')],
          'OpenVPN TAP-Windows6': [v4('10.211.1.5')],
          'VirtualBox Host-Only Network': [v4('192.168.56.1')],
          'Wi-Fi': [v4('192.168.0.42')],
        },
        '192.168.0.42',
        [
          'vEthernet (WSL (Hyper-V firewall))',
          'vEthernet (Default Switch)',
          'OpenVPN TAP-Windows6',
          'VirtualBox Host-Only Network',
        ],
      ],
      [
        "macOS: Wi-Fi, a VPN's utun, a bridge for VMs",
        { en0: [v4('10.0.0.14')], utun3: [v4('10.64.0.9')], bridge100: [v4('192.168.64.1')] },
        '10.0.0.14',
        ['utun3', 'bridge100'],
      ],
      [
        'WSL 2 itself: eth0 behind NAT is all there is',
        { lo: [loopback], eth0: [v4('172.28.118.5')] },
        '172.28.118.5',
        [],
      ],
    ];
    for (const [what, interfaces, address, skipped] of table) {
      const { chosen, candidates } = shareCandidates(interfaces);
      assert.equal(chosen?.address, address, what);
      assert.deepEqual(
        candidates.filter((c) => c.skipped).map((c) => c.name),
        skipped,
        what,
      );
    }
    assert.equal(
      shareCandidates({ eth0: [v4('192.168.1.2')], tun0: [v4('10.8.0.2')] }, '10.8.0.2').chosen?.name,
      'tun0',
      '--share-address',
    );
    assert.equal(interfaceKind('Ethernet 2', '192.168.1.9'), 'ethernet');
    assert.equal(interfaceKind('whatever', '100.90.1.1'), 'vpn', "Tailscale's CGNAT range");
  });

  it("share links name the phone's network first (the QR code holds the first), or the address --share-address names", () => {
    const interfaces = { docker0: [v4('172.17.0.1')], tun0: [v4('10.8.0.2')], wlan0: [v4('192.168.1.20')] };
    const links = lanUrls('http://127.0.0.1:8080/', '0.0.0.0', 't', interfaces);
    assert.equal(links[0], 'http://192.168.1.20:8080/?token=t', "the Wi-Fi's first, though listed last");
    assert.deepEqual([...links].sort(), [
      'http://10.8.0.2:8080/?token=t',
      'http://172.17.0.1:8080/?token=t',
      'http://192.168.1.20:8080/?token=t',
    ]);
    assert.equal(
      lanUrls('http://127.0.0.1:8080/', '0.0.0.0', 't', interfaces, 'tun0')[0],
      'http://10.8.0.2:8080/?token=t',
    );
    // A share address that is none of this machine's: said, with what there is, never silently.
    assert.equal(shareAddressProblem('wlan0', interfaces), undefined);
    assert.match(
      String(shareAddressProblem('10.9.9.9', interfaces)),
      /^the share address 10\.9\.9\.9 is none of this machine's network addresses or interfaces \(192\.168\.1\.20 \(wlan0\), .*\): the link names 192\.168\.1\.20 instead\.$/,
    );
    assert.deepEqual(lanUrls('http://127.0.0.1:8080/', '192.168.1.20', undefined, interfaces, 'tun0'), [
      'http://192.168.1.20:8080/',
    ]);
  });

  it('Linux: ufw, firewalld and nftables, each blocking and allowing; ufw that only root may ask', async () => {
    const wifi = { wlan0: [v4('192.168.1.20')] };
    const problems = async (commands: Record<string, { code?: number; stdout: string }>) =>
      (await diagnoseSharing(facts('linux', wifi, commands), 8080)).findings
        .filter((f) => f.level !== 'ok')
        .map((f) => f.message);
    assert.match(
      (await problems({ 'ufw status': { stdout: 'Status: active\n\nTo Action From\n22/tcp ALLOW Anywhere\n' } }))[0],
      /ufw is active and has no rule for port 8080.*sudo ufw allow 8080\/tcp/,
    );
    assert.match(
      (
        await problems({
          'ufw status': { stdout: 'Status: active\n8080/tcp                   ALLOW       Anywhere\n' },
        })
      )[0],
      /client or AP isolation/,
    );
    assert.match(
      (await problems({ 'ufw status': { code: 1, stdout: 'ERROR: You need to be root to run this script\n' } }))[0],
      /tells its state to root only/,
    );
    assert.match(
      (
        await problems({
          'ufw status': { stdout: 'Status: inactive\n' },
          'firewall-cmd --state': { stdout: 'running\n' },
          'firewall-cmd --list-ports': { stdout: '22/tcp\n' },
        })
      )[0],
      /firewalld is running and does not open port 8080.*--add-port=8080\/tcp/,
    );
    assert.match(
      (
        await problems({
          'firewall-cmd --state': { stdout: 'running\n' },
          'firewall-cmd --list-ports': { stdout: '8080/tcp 3000/tcp\n' },
        })
      )[0],
      /client or AP isolation/,
    );
    const nft =
      'table inet filter {\n chain input {\n  type filter hook input priority filter; policy drop;\n  tcp dport 22 accept\n }\n}\n';
    assert.match(
      (await problems({ 'nft list ruleset': { stdout: nft } }))[0],
      /nftables drops incoming connections and accepts none on port 8080/,
    );
    assert.match(
      (await problems({ 'nft list ruleset': { stdout: nft.replace('dport 22', 'dport { 22, 8080 }') } }))[0],
      /client or AP isolation/,
    );
  });

  it('Windows: a Public profile blocks; a Private one asks that Node be allowed; off is clear', async () => {
    const wifi = { 'Wi-Fi': [v4('192.168.0.42')] };
    const profile = (name: string, state: string) => ({
      'netsh advfirewall show currentprofile': {
        stdout: `\r\n${name} Profile Settings:\r\n----------------------------------------------------------------------\r\nState                                 ${state}\r\nFirewall Policy                       BlockInbound,AllowOutbound\r\n`,
      },
    });
    const findings = async (commands: ReturnType<typeof profile>) =>
      (await diagnoseSharing(facts('win32', wifi, commands), 8080)).findings;
    const pub = await findings(profile('Public', 'ON'));
    assert.ok(
      pub.some((f) => f.level === 'problem' && /set to Public.*Private network/.test(f.message)),
      JSON.stringify(pub),
    );
    const priv = await findings(profile('Private', 'ON'));
    assert.ok(
      priv.some((f) => f.level === 'check' && /Private's profile: Node\.js must be allowed/.test(f.message)),
      JSON.stringify(priv),
    );
    const off = await findings(profile('Domain', 'OFF'));
    assert.ok(off.some((f) => f.level === 'ok' && /off for the Domain profile/.test(f.message)));
  });

  it('macOS: the application firewall blocking all, blocking Node, or letting it through', async () => {
    const wifi = { en0: [v4('10.0.0.14')] };
    const tool = '/usr/libexec/ApplicationFirewall/socketfilterfw';
    const findings = async (commands: Record<string, { stdout: string }>) =>
      (await diagnoseSharing(facts('darwin', wifi, commands), 8080)).findings;
    const on = { [`${tool} --getglobalstate`]: { stdout: 'Firewall is enabled. (State = 1)\n' } };
    assert.ok(
      (
        await findings({ ...on, [`${tool} --getblockall`]: { stdout: 'Block all INCOMING connections enabled!\n' } })
      ).some((f) => f.level === 'problem' && /blocks all incoming/.test(f.message)),
    );
    assert.ok(
      (
        await findings({
          ...on,
          [`${tool} --getblockall`]: { stdout: 'Block all DISABLED!\n' },
          [`${tool} --getappblocked /usr/local/bin/node`]: {
            stdout: 'The application /usr/local/bin/node is blocked from receiving incoming connections.\n',
          },
        })
      ).some((f) => f.level === 'problem' && /blocks \/usr\/local\/bin\/node/.test(f.message)),
    );
    assert.ok(
      (await findings({ [`${tool} --getglobalstate`]: { stdout: 'Firewall is disabled. (State = 0)\n' } })).some(
        (f) => f.level === 'ok' && /firewall is off/.test(f.message),
      ),
    );
  });

  it('WSL 2 behind NAT: says so, with mirrored networking and the port proxy command; mirrored is clear', async () => {
    const wslFacts = (mode: string) =>
      facts(
        'linux',
        { eth0: [v4('172.28.118.5')] },
        { 'wslinfo --networking-mode': { stdout: `${mode}\n` } },
        {
          '/proc/version': 'Linux version 5.15.153.1-microsoft-standard-WSL2 (root@buildhost)',
        },
      );
    const nat = (await diagnoseSharing(wslFacts('nat'), 8080)).findings;
    assert.ok(
      nat.some(
        (f) =>
          f.level === 'problem' &&
          /networkingMode=mirrored/.test(f.message) &&
          /connectport=8080 connectaddress=172\.28\.118\.5/.test(f.message),
      ),
      JSON.stringify(nat),
    );
    const mirrored = (await diagnoseSharing(wslFacts('mirrored'), 8080)).findings;
    assert.ok(mirrored.some((f) => f.level === 'ok' && /mirrored networking/.test(f.message)));
  });

  it('a link on a VPN address, and no address at all, are problems', async () => {
    const vpnOnly = (await diagnoseSharing(facts('linux', { tun0: [v4('10.8.0.2')] }), 8080)).findings;
    assert.match(
      vpnOnly[0].message,
      /The link names 10\.8\.0\.2 \(tun0\), a VPN's: devices on your Wi-Fi cannot reach it/,
    );
    const none = (await diagnoseSharing(facts('linux', { lo: [loopback] }), 8080)).findings;
    assert.match(none[0].message, /no network address/);
  });
});
