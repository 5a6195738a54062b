/**
 * @caravan/contracts: Caravan's API contract for TypeScript. Types generated
 * from openapi/caravan.yaml, zod schemas generated from the same file, the
 * document itself, and the shared tables (version states, roles, problem types).
 */
import type { components } from './generated/schema.js';

export type { paths, components, operations } from './generated/schema.js';
export * from './generated/zod/zod.gen.js';
export { openapiDocument } from './generated/openapi-document.js';
export type { OpenApiDocument } from './openapi-document-type.js';
export * from './states.js';
export * from './problems.js';

type Schemas = components['schemas'];

// One alias per contract schema. VersionState, VersionAction, Role and OperationState come from states.ts,
// the single source of the state machine; a type test keeps them equal to the contract's enums.
export type App = Schemas['App'];
export type Component = Schemas['Component'];
export type Port = Schemas['Port'];
export type EnvVar = Schemas['EnvVar'];
export type ConfigFile = Schemas['ConfigFile'];
export type Volume = Schemas['Volume'];
export type Probe = Schemas['Probe'];
export type Resources = Schemas['Resources'];
export type ResourceList = Schemas['ResourceList'];
export type Parameter = Schemas['Parameter'];
export type Name = Schemas['Name'];
export type VersionNumber = Schemas['VersionNumber'];
export type ActorRef = Schemas['ActorRef'];
export type Labels = Schemas['Labels'];
export type Problem = Schemas['Problem'];
export type FieldError = Schemas['FieldError'];
export type Health = Schemas['Health'];
export type Whoami = Schemas['Whoami'];
export type Token = Schemas['Token'];
export type TokenCreate = Schemas['TokenCreate'];
export type TokenCreated = Schemas['TokenCreated'];
export type TokenPage = Schemas['TokenPage'];
export type Template = Schemas['Template'];
export type TemplateCreate = Schemas['TemplateCreate'];
export type TemplatePatch = Schemas['TemplatePatch'];
export type TemplatePage = Schemas['TemplatePage'];
export type Version = Schemas['Version'];
export type VersionImage = Schemas['VersionImage'];
export type TransitionRecord = Schemas['TransitionRecord'];
export type VersionFailure = Schemas['VersionFailure'];
export type VersionCreate = Schemas['VersionCreate'];
export type VersionPatch = Schemas['VersionPatch'];
export type VersionPage = Schemas['VersionPage'];
export type TransitionRequest = Schemas['TransitionRequest'];
export type VersionDiff = Schemas['VersionDiff'];
export type DiffSection = Schemas['DiffSection'];
export type DiffChange = Schemas['DiffChange'];
export type FieldChange = Schemas['FieldChange'];
export type OperationKind = Schemas['OperationKind'];
export type Operation = Schemas['Operation'];
export type OperationSubject = Schemas['OperationSubject'];
export type OperationStep = Schemas['OperationStep'];
export type OperationPage = Schemas['OperationPage'];
export type OperationEvent = Schemas['OperationEvent'];
export type AuditEntry = Schemas['AuditEntry'];
export type AuditPage = Schemas['AuditPage'];
export type RegistrySettings = Schemas['RegistrySettings'];
export type RegistrySettingsInput = Schemas['RegistrySettingsInput'];
export type RegistryCheck = Schemas['RegistryCheck'];
export type SourceRegistryCredential = Schemas['SourceRegistryCredential'];
export type SourceRegistryCredentialInput = Schemas['SourceRegistryCredentialInput'];
export type SourceRegistryCredentialList = Schemas['SourceRegistryCredentialList'];
export type FieldConflict = Schemas['FieldConflict'];
export type KubernetesStatus = Schemas['KubernetesStatus'];
export type OperationResult = Schemas['OperationResult'];
export type Cluster = Schemas['Cluster'];
export type ClusterHealth = Schemas['ClusterHealth'];
export type ClusterPermission = Schemas['ClusterPermission'];
export type Kubeconfig = Schemas['Kubeconfig'];
export type ClusterCreate = Schemas['ClusterCreate'];
export type ClusterPatch = Schemas['ClusterPatch'];
export type ClusterPage = Schemas['ClusterPage'];
export type EnvironmentTier = Schemas['EnvironmentTier'];
export type EnvironmentPolicy = Schemas['EnvironmentPolicy'];
export type EnvironmentPolicyInput = Schemas['EnvironmentPolicyInput'];
export type Environment = Schemas['Environment'];
export type EnvironmentCreate = Schemas['EnvironmentCreate'];
export type EnvironmentPatch = Schemas['EnvironmentPatch'];
export type EnvironmentPage = Schemas['EnvironmentPage'];
export type ParameterName = Schemas['ParameterName'];
export type ParameterValue = Schemas['ParameterValue'];
export type SecretValues = Schemas['SecretValues'];
export type InstallValues = Schemas['InstallValues'];
export type ComponentValues = Schemas['ComponentValues'];
export type InstallState = Schemas['InstallState'];
export type Install = Schemas['Install'];
export type InstallCreate = Schemas['InstallCreate'];
export type InstallPatch = Schemas['InstallPatch'];
export type InstallUpgrade = Schemas['InstallUpgrade'];
export type RollbackRequest = Schemas['RollbackRequest'];
export type InstallPage = Schemas['InstallPage'];
export type InstallPreview = Schemas['InstallPreview'];
export type ObjectRef = Schemas['ObjectRef'];
export type ObjectDiff = Schemas['ObjectDiff'];
export type ObjectChange = Schemas['ObjectChange'];
export type ComponentStatus = Schemas['ComponentStatus'];
export type InstallStatus = Schemas['InstallStatus'];
export type DriftEntry = Schemas['DriftEntry'];
export type InstallRecord = Schemas['InstallRecord'];
export type AppliedObject = Schemas['AppliedObject'];
export type InstallRecordPage = Schemas['InstallRecordPage'];
