/**
 * The port through which the deployer talks to a cluster: the part of the
 * REST client in `kube/` the deployer uses (KubeClient satisfies it as it
 * is). An embedder or a test may hand another factory to createCore.
 * Objects are plain JSON, never typed models, so no field is dropped.
 */
import type { AccessAnswer, AccessQuestion, ApplyOptions, ApplyResult, CallOptions, DeleteOptions, EnsureNamespaceResult, ListOptions, ListResult, ServerVersion } from './kube/client.js';
import { KubeClient } from './kube/client.js';
import type { KubeObject, ObjectRef } from './kube/resources.js';

export type { KubeObject, ObjectRef };

export interface ClusterClient {
  readonly server: string;
  version(opts?: CallOptions): Promise<ServerVersion>;
  get(ref: ObjectRef, opts?: CallOptions): Promise<KubeObject | undefined>;
  list(apiVersion: string, kind: string, namespace: string | undefined, opts?: ListOptions): Promise<ListResult>;
  apply(obj: KubeObject, opts?: ApplyOptions): Promise<ApplyResult>;
  delete(ref: ObjectRef, opts?: DeleteOptions): Promise<boolean>;
  accessReview(namespace: string | undefined, q: AccessQuestion, opts?: CallOptions): Promise<AccessAnswer>;
  ensureNamespace(name: string, labels?: Readonly<Record<string, string>>, opts?: CallOptions & { readonly fieldManager?: string }): Promise<EnsureNamespaceResult>;
  /** Closes its kept-alive connections. */
  close(): void;
}

/** Builds a client from a normalised kubeconfig (one context, credentials inline). */
export type ClusterClientFactory = (kubeconfig: string) => Promise<ClusterClient>;

export const kubeClientFactory: ClusterClientFactory = (kubeconfig) => KubeClient.create(kubeconfig);
