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
} from './resources/operations.js';
export { TokensResource, AuditResource, RegistryResource, RegistrySourcesResource, type ListAuditParams, type ListTokensParams } from './resources/admin.js';
export type {
  App,
  AuditEntry,
  Component,
  Health,
  Operation,
  OperationEvent,
  OperationState,
  Problem,
  FieldError,
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
