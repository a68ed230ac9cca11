/**
 * certs/: the user's local certificate authority and the server certificate it issues, kept in
 * the user's Ferrox folder (never a workspace), with the steps to trust it. A library for hosts
 * (the CLI's --https, the extension's ferrox.https): it never listens, and imports no other
 * folder of the core.
 */
export { TlsConfigError } from './certError';
export { ferroxHome } from './home';
export { localCertificate, type LocalCertificate } from './localHttps';
export { machineNames } from './names';
export { trustInstructions } from './trustSteps';
