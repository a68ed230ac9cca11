/**
 * "My phone can't connect": what this machine can tell about why a device on the network does
 * not reach a shared server. A firewall that blocks the port (ufw, firewalld, nftables; Windows
 * Firewall's network profile; the macOS application firewall), the address the link names and
 * the others it could name, WSL 2 behind NAT; and, when all of that is clear, Wi-Fi client
 * isolation, which no machine can see from inside. Every fact comes through `ReachFacts`, so each
 * system's answers are tested anywhere.
 */
import type * as os from 'node:os';
import { shareAddressProblem, shareCandidates, type Candidate } from './interfaces';

/** What the diagnosis asks of the machine. */
export interface ReachFacts {
  platform: NodeJS.Platform;
  interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]>;
  /** Runs a command (no shell); its exit code and output, or undefined when it cannot run (missing, denied). */
  run(command: string, args: readonly string[]): Promise<{ code: number; stdout: string } | undefined>;
  /** A file's text, or undefined. */
  read(file: string): Promise<string | undefined>;
  /** The Node binary serving (the macOS firewall decides per application). */
  execPath: string;
}

export interface Finding {
  /** problem: this blocks devices; check: worth a look; ok: checked and clear. */
  level: 'problem' | 'check' | 'ok';
  message: string;
}

export interface Diagnosis {
  port: number;
  chosen?: Candidate;
  candidates: Candidate[];
  findings: Finding[];
}

/** The firewall of Linux: ufw, firewalld or nftables, whichever is in charge. */
async function linuxFirewall(facts: ReachFacts, port: number): Promise<Finding> {
  const ufw = await facts.run('ufw', ['status']);
  if (ufw && ufw.code !== 0 && /root/i.test(ufw.stdout))
    return {
      level: 'check',
      message: `ufw is installed but tells its state to root only: run "sudo ufw status"; if it is active, allow the port (sudo ufw allow ${port}/tcp).`,
    };
  if (ufw && /Status:\s*active/i.test(ufw.stdout)) {
    const allowed = new RegExp(`^\\s*${port}(/tcp)?\\s+ALLOW`, 'im').test(ufw.stdout);
    return allowed
      ? { level: 'ok', message: `ufw is active and allows port ${port}.` }
      : {
          level: 'problem',
          message: `ufw is active and has no rule for port ${port}: devices are refused. Allow it while you test: sudo ufw allow ${port}/tcp`,
        };
  }
  const firewalld = await facts.run('firewall-cmd', ['--state']);
  if (firewalld && /^running/m.test(firewalld.stdout)) {
    const ports = await facts.run('firewall-cmd', ['--list-ports']);
    const allowed = ports !== undefined && new RegExp(`(^|\\s)${port}/tcp(\\s|$)`).test(ports.stdout);
    return allowed
      ? { level: 'ok', message: `firewalld is running and allows port ${port}.` }
      : {
          level: 'problem',
          message: `firewalld is running and does not open port ${port}: devices are refused. Open it while you test: sudo firewall-cmd --add-port=${port}/tcp`,
        };
  }
  const nft = await facts.run('nft', ['list', 'ruleset']);
  if (nft && nft.code === 0) {
    const dropping = /type filter hook input[^;]*;[^}]*policy drop/s.test(nft.stdout);
    const accepts = new RegExp(`dport\\s+(\\{[^}]*\\b${port}\\b[^}]*\\}|${port})\\s+accept`).test(nft.stdout);
    if (dropping && !accepts)
      return {
        level: 'problem',
        message: `nftables drops incoming connections and accepts none on port ${port}: add a rule for it (nft add rule inet filter input tcp dport ${port} accept).`,
      };
    return { level: 'ok', message: 'nftables lets the port through.' };
  }
  if (!ufw && !firewalld && !nft)
    return {
      level: 'check',
      message: 'No firewall tool answered (ufw, firewall-cmd, nft): none is active, or they need root to ask.',
    };
  return { level: 'ok', message: 'No active firewall was found.' };
}

/** Windows Firewall: the profile of the current network, and whether it is on. */
async function windowsFirewall(facts: ReachFacts): Promise<Finding> {
  const shown = await facts.run('netsh', ['advfirewall', 'show', 'currentprofile']);
  if (!shown) return { level: 'check', message: 'Could not ask Windows Firewall (netsh).' };
  const profile = /^(Domain|Private|Public) Profile Settings/im.exec(shown.stdout)?.[1];
  const on = /^State\s+ON/im.test(shown.stdout);
  if (!on) return { level: 'ok', message: `Windows Firewall is off for the ${profile ?? 'current'} profile.` };
  if (profile === 'Public')
    return {
      level: 'problem',
      message:
        'This network is set to Public, and Windows Firewall blocks incoming connections on Public networks unless Node.js (or VS Code) was allowed there. ' +
        'Set the network to Private (Settings → Network & internet → your Wi-Fi → Private network), or allow Node.js when Windows asks.',
    };
  return {
    level: 'check',
    message: `Windows Firewall is on for this ${profile ?? 'network'}'s profile: Node.js must be allowed on it (Windows Security → Firewall → Allow an app).`,
  };
}

/** The macOS application firewall: on, blocking everything, or blocking this Node. */
async function macFirewall(facts: ReachFacts): Promise<Finding> {
  const tool = '/usr/libexec/ApplicationFirewall/socketfilterfw';
  const state = await facts.run(tool, ['--getglobalstate']);
  if (!state) return { level: 'check', message: 'Could not ask the macOS firewall.' };
  if (!/enabled/i.test(state.stdout) || /disabled/i.test(state.stdout))
    return { level: 'ok', message: 'The macOS firewall is off.' };
  const all = await facts.run(tool, ['--getblockall']);
  if (
    all &&
    /block all INCOMING connections\s*(is\s*)?enabled|DISABLED! Firewall is set to block all/i.test(all.stdout)
  )
    return {
      level: 'problem',
      message:
        'The macOS firewall blocks all incoming connections: turn that off (System Settings → Network → Firewall → Options).',
    };
  const app = await facts.run(tool, ['--getappblocked', facts.execPath]);
  if (app && /is blocked/i.test(app.stdout) && !/is not blocked|permitted/i.test(app.stdout))
    return {
      level: 'problem',
      message: `The macOS firewall blocks ${facts.execPath}: allow it (System Settings → Network → Firewall → Options).`,
    };
  return { level: 'ok', message: 'The macOS firewall is on and lets Node.js accept connections.' };
}

/** WSL 2 behind NAT: the phone reaches Windows, not the Linux inside it. */
async function wsl(facts: ReachFacts, port: number): Promise<Finding | undefined> {
  if (facts.platform !== 'linux') return undefined;
  const version = (await facts.read('/proc/version')) ?? '';
  if (!/microsoft/i.test(version)) return undefined;
  const mode = await facts.run('wslinfo', ['--networking-mode']);
  if (mode && /mirrored/i.test(mode.stdout))
    return { level: 'ok', message: 'WSL uses mirrored networking: devices reach it.' };
  const ip = Object.entries(facts.interfaces)
    .find(([name]) => name === 'eth0')?.[1]
    ?.find((i) => i.family === 'IPv4')?.address;
  return {
    level: 'problem',
    message:
      'This is WSL 2 behind NAT: devices on your network reach Windows, not this Linux. Either turn on mirrored networking ' +
      '(in %UserProfile%\\.wslconfig: [wsl2] networkingMode=mirrored, then wsl --shutdown), or forward the port from Windows ' +
      `(an administrator PowerShell): netsh interface portproxy add v4tov4 listenport=${port} listenaddress=0.0.0.0 connectport=${port} connectaddress=${ip ?? '<WSL address>'}` +
      ", and allow the port in Windows Firewall. Share Windows' Wi-Fi address then.",
  };
}

/** What can be checked here about why devices do not reach `port`; `preferred` is `--share-address`. */
export async function diagnoseSharing(facts: ReachFacts, port: number, preferred?: string): Promise<Diagnosis> {
  const { chosen, candidates } = shareCandidates(facts.interfaces, preferred);
  const findings: Finding[] = [];
  const asked = shareAddressProblem(preferred, facts.interfaces);
  if (asked) findings.push({ level: 'problem', message: asked[0].toUpperCase() + asked.slice(1) });
  if (!chosen)
    findings.push({
      level: 'problem',
      message: 'This computer has no network address: connect it to the Wi-Fi the phone is on.',
    });
  else if (chosen.skipped)
    findings.push({
      level: 'problem',
      message: `The link names ${chosen.address} (${chosen.name}), ${chosen.skipped}. Connect to the Wi-Fi the phone is on, or choose an address with --share-address.`,
    });
  else findings.push({ level: 'ok', message: `The link names ${chosen.address} (${chosen.name}, ${chosen.kind}).` });
  const others = candidates.filter((c) => c !== chosen);
  if (others.length > 0)
    findings.push({
      level: 'check',
      message:
        'Other addresses: ' +
        others.map((c) => `${c.address} (${c.name}${c.skipped ? `, ${c.skipped}` : ''})`).join('; ') +
        '. If the phone is on another network than the link, choose with --share-address (ferrox.share.address).',
    });
  const wslFinding = await wsl(facts, port);
  if (wslFinding) findings.push(wslFinding);
  findings.push(
    facts.platform === 'win32'
      ? await windowsFirewall(facts)
      : facts.platform === 'darwin'
        ? await macFirewall(facts)
        : await linuxFirewall(facts, port),
  );
  if (!findings.some((f) => f.level === 'problem'))
    findings.push({
      level: 'check',
      message:
        'Nothing here blocks the port. If the phone still cannot connect, the Wi-Fi most likely keeps devices apart ' +
        '(client or AP isolation, common on guest and office networks), which no computer can see from inside: ' +
        "try another network, or the phone's hotspot.",
    });
  return { port, chosen, candidates, findings };
}
