/**
 * @caravan/sdk: the typed client for the Caravan API, for Node and browsers.
 * Types come from @caravan/contracts, generated from the API contract.
 */
export { createCaravanClient, type CaravanClient, type CaravanClientOptions } from './client.js';
export type { ApiPromise, ApiResponse } from './api-promise.js';
export * from './errors.js';
export { PagePromise, type Page, type PageFetcher } from './pagination.js';
export { EventStream, parseSse, type SseMessage, type ReconnectingStreamOptions } from './sse.js';
export { path } from './path.js';
export type { CallOptions, WriteOptions, UpdateOptions, RetryPolicy } from './transport.js';
export type { TemplatesResource, VersionsResource, ListTemplatesParams, ListVersionsParams } from './resources/templates.js';
export {
  FINAL_OPERATION_STATES,
  isFinalOperationState,
  isStepEvent,
  type OperationsResource,
  type OperationRef,
  type EventStreamOptions,
  type WaitOptions,
  type ListOperationsParams,
  type StepEvent,
} from './resources/operations.js';
export type { ClustersResource, ListClustersParams } from './resources/clusters.js';
export type {
  EnvironmentsResource,
  InstallsResource,
  InstallRecordsResource,
  ListEnvironmentsParams,
  ListInstallsParams,
  ListInstallRecordsParams,
} from './resources/environments.js';
export type { TokensResource, AuditResource, RegistryResource, RegistrySourcesResource, ListAuditParams, ListTokensParams } from './resources/admin.js';
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
  EnvironmentIngress,
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
