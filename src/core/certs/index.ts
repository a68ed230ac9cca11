/**
 * certs/: the user's local certificate authority and the server certificate it issues, kept in
 * the user's Ferrox folder (never a workspace), with the steps to trust it. A library for hosts
 * (the CLI's --https, the extension's ferrox.https): it never listens, and imports no other
 * folder of the core.
 */
export { TlsConfigError } from './certError';
export { ferroxHome } from './home';
export { localCertificate, type LocalCertificate } from './localHttps';
export { CA_NAME, loadOrCreateCa, type LocalCa } from './localCa';
export { certificateNames, lanAddresses, machineNames, type CertNames } from './names';
export { ensureServerCertificate, namesOf, type ServerCertificate } from './serverCert';
export { trustInstructions } from './trustSteps';
