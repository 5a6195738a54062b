/**
 * The delivery core's public entry (`@caravan/server/core`): `createCore`, the
 * API it implements, its domain errors and the ports an embedder may fill.
 */
export { createCore, defaultWorkerId, type Core, type CoreOptions } from './create-core.js';
export type * from './api.js';
export * from './errors.js';
export { authorizeCore, requireRole, READ_ROLES, AUTHOR_ROLES, ADMIN_ROLES } from './authorize.js';
export { loadMasterKey, parseMasterKey, SecretBox, type LoadedMasterKey } from './secrets/secret-box.js';
export { systemClock, type Clock } from './clock.js';
export { createIdSource, type IdSource } from './ids.js';
export { silentLogger, SYSTEM_ACTOR, type Logger } from './context.js';
export { hashSecret } from './services/tokens.js';
export { OperationAbort, type OperationHandler, type EngineOptions } from './operations/engine.js';
export * from './registry/port.js';
export type { Store } from './store/port.js';
export { openStore } from './store/open-store.js';
export { createOciRegistrySync, type OciRegistrySync, type OciRegistrySyncOptions } from './registry/oci/index.js';
