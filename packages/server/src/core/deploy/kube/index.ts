/**
 * The Kubernetes client's public surface for the rest of the core: read a
 * kubeconfig, build a client per cluster, and the errors it throws.
 */
export { readKubeconfig, type KubeconfigSelection, type ReadKubeconfigOptions } from './kubeconfig.js';
export {
  KubeClient,
  type AccessAnswer, type AccessQuestion, type ApplyOptions, type ApplyResult, type CallOptions, type DeleteOptions,
  type EnsureNamespaceResult, type KubeClientOptions, type ListOptions, type ListResult, type ServerVersion,
} from './client.js';
export {
  ClusterUnreachableError, FieldConflictError, KubeApiError, UidPreconditionError, parseFieldConflicts, parseUidPrecondition,
  type FieldConflict, type KubeStatus, type KubeStatusCause, type UnreachableFailure,
} from './errors.js';
export { describeRef, refOf, splitApiVersion, type KubeObject, type ObjectMeta, type ObjectRef, type ResourceInfo } from './resources.js';
export type { TransportStats } from './transport.js';
