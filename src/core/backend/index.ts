/**
 * backend/: a backend command Ferrox starts and looks after (`--backend "php -S 127.0.0.1:{port}"`):
 * a free port, its output, its state, restarts with back-off, and a stop that leaves nothing
 * running (a guard process leads its process group). Knows nothing of requests: the server routes
 * the whole site to it.
 */
export {
  BackendStartError,
  BackendSupervisor,
  type BackendExit,
  type BackendLine,
  type BackendState,
} from './supervisor';
export { renderBackendDown } from './exitPage';
export { cacheCause, outputHint } from './hints';
export { exposedOn, loopbackFix } from './exposure';
export { stopTree, type TreeKiller } from './processTree';
