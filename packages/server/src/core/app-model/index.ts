/** Caravan's app model: parsing, validation, version numbers, diffs between versions, connection info. */
export { parseApp, tryParseApp, type ParseAppResult } from './parse.js';
export { validateApp, assertValidApp } from './validate.js';
export {
  parseImageReference,
  tryParseImageReference,
  formatImageReference,
  type ImageReference,
  type ImageReferenceResult,
} from './image-reference.js';
export {
  parseVersionNumber,
  tryParseVersionNumber,
  isValidVersionNumber,
  compareVersions,
  comparePrecedence,
  equivalentVersions,
  versionSortKey,
  type VersionNumber,
  type VersionNumberResult,
} from './version-number.js';
export { diffApps, SECRET_MASK } from './diff.js';
export { withDefaults } from './defaults.js';
export { connectionEnv, connectionEnvCollisions, type ConnectionEnvVar, type ServiceNameOf } from './connection-info.js';
export { parseQuantity, type Quantity } from './quantity.js';
export { cronScheduleProblem } from './cron-schedule.js';
export type * from './types.js';
