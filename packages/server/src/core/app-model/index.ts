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
export { connectionEnv, connectionEnvCollisions, connectionAliases, defaultAlias, type ConnectionEnvVar, type ServiceNameOf } from './connection-info.js';
export {
  isDns1123Label,
  qualifiedNameProblem,
  labelValueProblem,
  isReservedKey,
  DNS1123_LABEL,
  DNS1123_LABEL_MAX,
  DNS1123_SUBDOMAIN,
  DNS1123_SUBDOMAIN_MAX,
  ENV_NAME,
  RESERVED_KEY_PREFIXES,
} from './formats.js';
export { checkResources } from './validate-component.js';
export { ShapeCheck, type ErrorCode } from './shape-check.js';
export { childPointer, pointer, escapePointerToken } from './json-pointer.js';
export { parseQuantity, type Quantity } from './quantity.js';
export { cronScheduleProblem } from './cron-schedule.js';
export type * from './types.js';
