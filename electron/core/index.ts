/** The core's public surface, for the Electron glue and the web host. */
export { createCore, type Core, type CoreDeps } from './create-core';
export { invokeHandler } from './invoke';
export { MemorySecretStore, type SecretStore } from './settings/secret-store';
export { acquireDataLock, LOCK_FILE, type DataLock, type LockHolder } from './host';
