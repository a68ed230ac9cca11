// The X.509 library as its own bundle (dist/x509-bundle.js), loaded by x509.ts only when HTTPS
// with the local CA is used, so the core bundle stays small. reflect-metadata first: the
// library's dependency injection (tsyringe) needs it. The ASN.1 pieces of name constraints come
// from the library's own dependencies: it has no helper for that extension.
import 'reflect-metadata';

export * from '@peculiar/x509';
export { AsnConvert } from '@peculiar/asn1-schema';
export {
  GeneralName as AsnGeneralName,
  GeneralSubtree,
  GeneralSubtrees,
  NameConstraints,
  id_ce_nameConstraints,
} from '@peculiar/asn1-x509';
