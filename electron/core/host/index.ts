/** What every host needs alike (serving the renderer, holding the data folder): host-neutral, no electron. */
export { containedPath } from './contained-path';
export { acquireDataLock, LOCK_FILE, pidAlive, type DataLock, type LockHolder } from './data-lock';
export { rendererCsp } from './renderer-csp';
export { rendererMime } from './renderer-mime';
