// The X.509 library as its own bundle (dist/x509-bundle.js), loaded by x509.ts only when HTTPS
// with the local CA is used, so the core bundle stays small. reflect-metadata first: the
// library's dependency injection (tsyringe) needs it.
import 'reflect-metadata';

export * from '@peculiar/x509';
