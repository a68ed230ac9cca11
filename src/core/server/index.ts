/**
 * server/: FerroxServer, the lifetime of one server. Checks its options, binds the listeners
 * (transport/), hands their requests to the pipeline (pipeline/), keeps live reload across
 * reconfigurations, starts the site's backend before it listens (backend/) and sends the site
 * to it, feeds the caches and live reload from one ChangeFeed (and the `watch` folders to live
 * reload), and on stop closes everything the other folders opened. The only folder that knows all the others.
 */
export { FerroxServer, type Diagnostic, type FerroxServerEvents, type ServerAddress } from './server';
export { RootError } from './root';
export { type RevealEvent } from './liveBinding';
