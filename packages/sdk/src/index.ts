/**
 * @caravan/sdk: the typed client for the Caravan API, for Node and browsers.
 * Types come from @caravan/contracts, generated from the API contract.
 */
export { createCaravanClient, type CaravanClient, type CaravanClientOptions } from './client.js';
export * from './errors.js';
export { PagePromise, type Page } from './pagination.js';
export { EventStream, parseSse, type SseMessage } from './sse.js';
export { path } from './path.js';
export type { CallOptions, WriteOptions, UpdateOptions, RetryPolicy } from './transport.js';
export { TemplatesResource, VersionsResource, type ListTemplatesParams, type ListVersionsParams } from './resources/templates.js';
export {
  OperationsResource,
  FINAL_OPERATION_STATES,
  isFinalOperationState,
  type OperationRef,
  type EventStreamOptions,
  type WaitOptions,
  type ListOperationsParams,
  isStepEvent,
  type StepEvent,
} from './resources/operations.js';
export { ClustersResource, type ListClustersParams } from './resources/clusters.js';
export {
  EnvironmentsResource,
  InstallsResource,
  InstallRecordsResource,
  type ListEnvironmentsParams,
  type ListInstallsParams,
  type ListInstallRecordsParams,
} from './resources/environments.js';
export { TokensResource, AuditResource, RegistryResource, RegistrySourcesResource, type ListAuditParams, type ListTokensParams } from './resources/admin.js';
export type {
  App,
  AppliedObject,
  AuditEntry,
  Cluster,
  ClusterCreate,
  ClusterHealth,
  ClusterPatch,
  Component,
  ComponentStatus,
  ComponentValues,
  DriftEntry,
  Environment,
  EnvironmentCreate,
  EnvironmentPatch,
  EnvironmentPolicy,
  EnvironmentTier,
  FieldConflict,
  Health,
  Install,
  InstallCreate,
  InstallPatch,
  InstallPreview,
  InstallRecord,
  InstallState,
  InstallStatus,
  InstallUpgrade,
  InstallValues,
  KubernetesStatus,
  Operation,
  OperationEvent,
  OperationResult,
  OperationState,
  OperationStep,
  Problem,
  FieldError,
  RollbackRequest,
  RegistryCheck,
  RegistrySettings,
  RegistrySettingsInput,
  SourceRegistryCredential,
  SourceRegistryCredentialInput,
  Template,
  TemplateCreate,
  TemplatePatch,
  Token,
  TokenCreate,
  TokenCreated,
  TransitionRequest,
  Version,
  VersionCreate,
  VersionDiff,
  VersionPatch,
  VersionState,
  Whoami,
} from '@caravan/contracts';
