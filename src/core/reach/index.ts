/**
 * reach/: whether devices on the network can reach a shared server, and if not, why: the address
 * a link should name among this machine's interfaces (VPN, Docker, WSL and virtual adapters
 * skipped), the firewall of each system, WSL 2's NAT. Every fact is injected (`ReachFacts`);
 * `systemFacts()` asks this machine.
 */
export { diagnoseSharing, type Diagnosis, type Finding, type ReachFacts } from './diagnose';
export { interfaceKind, shareAddressProblem, shareCandidates, type Candidate, type InterfaceKind } from './interfaces';
export { systemFacts } from './systemFacts';
