/**
 * The delivery core's public entry (`@caravan/server/core`): `createCore`, the
 * API it implements, its domain errors and the ports an embedder may fill.
 */
export { createCore, defaultWorkerId, type Core, type CoreOptions } from './create-core.js';
export type * from './api.js';
export * from './shared/errors.js';
export { authorizeCore, requireRole, READ_ROLES, AUTHOR_ROLES, ADMIN_ROLES } from './access/authorize.js';
export { loadMasterKey, parseMasterKey, SecretBox, type LoadedMasterKey } from './secrets/secret-box.js';
export { systemClock, type Clock } from './shared/clock.js';
export { createIdSource, type IdSource } from './shared/ids.js';
export { silentLogger, SYSTEM_ACTOR, type Logger } from './shared/context.js';
export { noMetrics, type CoreMetrics, type FinalOperationState } from './shared/metrics.js';
export { hashSecret } from './access/tokens.js';
export { createTokenAdmin, type TokenAdmin } from './access/token-admin.js';
export { OperationAbort, type OperationHandler, type EngineOptions } from './operations/engine.js';
export * from './registry/port.js';
export type { Store } from './store/port.js';
export { openStore } from './store/open-store.js';
export { createOciRegistrySync, type OciRegistrySync, type OciRegistrySyncOptions } from './registry/oci/index.js';
export { IDEMPOTENCY_RESERVED, type IdempotencyRecord } from './store/port.js';
export { parseStoreUrl } from './store/open-store.js';
export { appErrors } from './templates/app-checks.js';
export type { PublishOptions } from './templates/publish.js';
export type { ClusterClient, ClusterClientFactory } from './deploy/cluster-port.js';
export type { DeployOptions } from './deploy/deploy-handler.js';
