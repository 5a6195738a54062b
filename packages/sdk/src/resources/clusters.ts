/** `client.clusters`: the Kubernetes clusters Caravan deploys to, each registered with a kubeconfig (admin). */
import type { Cluster, ClusterCreate, ClusterPatch, operations } from '@caravan/contracts';
import { call, type ApiPromise } from '../api-promise.js';
import type { PagePromise } from '../pagination.js';
import { path } from '../path.js';
import type { CallOptions, Transport, UpdateOptions, WriteOptions } from '../transport.js';

export type ListClustersParams = NonNullable<operations['listClusters']['parameters']['query']>;

/** `client.clusters`: registered Kubernetes clusters and their health. */
export interface ClustersResource {
  /**
   * Clusters by name, with their last known health: await for the first page, or iterate for all.
   * @example
   * for await (const c of client.clusters.list()) console.log(c.name, c.health.state, c.health.serverVersion);
   */
  list(params?: ListClustersParams, options?: CallOptions): PagePromise<Cluster>;

  /**
   * One cluster (never its kubeconfig).
   * @example
   * const c = await client.clusters.get('aliyun-qingdao');
   * if (c.health.state !== 'reachable') console.warn(c.health.message);
   */
  get(name: string, options?: CallOptions): ApiPromise<Cluster>;

  /**
   * Registers a cluster and probes it once; an unreachable cluster is still registered (see its `health`).
   * A kubeconfig with exec plugins, an auth-provider or file paths throws ValidationError.
   * @example
   * import { readFile } from 'node:fs/promises';
   * await client.clusters.create({
   *   name: 'aliyun-qingdao',
   *   kubeconfig: await readFile('qingdao.kubeconfig', 'utf8'),
   *   labels: { provider: 'aliyun', region: 'qingdao' },
   * });
   */
  create(body: ClusterCreate, options?: WriteOptions): ApiPromise<Cluster>;

  /**
   * Changes a cluster's kubeconfig, context or labels; a new kubeconfig or context probes it again.
   * Pointing it at another API server needs the kubeconfig again.
   * @example
   * const c = await client.clusters.get('intranet');
   * await client.clusters.update('intranet', { labels: { ...c.labels, zone: 'b' } }, { ifMatch: c.etag });
   */
  update(name: string, patch: ClusterPatch, options?: UpdateOptions): ApiPromise<Cluster>;

  /**
   * Forgets a cluster no environment is bound to (else ConflictError); nothing on the cluster changes.
   * @example
   * await client.clusters.delete('old-lab');
   */
  delete(name: string, options?: UpdateOptions): ApiPromise<void>;

  /**
   * Probes a cluster now: reachability, server version, and what Caravan's credentials may do.
   * An unreachable cluster is an answer (`health.state: 'unreachable'`), not an error.
   * @example
   * const { health } = await client.clusters.probe('aliyun-shanghai');
   * for (const p of health.permissions.filter((p) => !p.allowed)) console.warn('missing', p.verb, p.resource);
   */
  probe(name: string, options?: WriteOptions): ApiPromise<Cluster>;
}

/** The client's `clusters`. Internal: the public type is ClustersResource. */
export function clustersResource(t: Transport): ClustersResource {
  return {
    list: (params = {}, options = {}) => t.list<Cluster>('v1/clusters', params, options),
    get: (name, options = {}) => call(t, { method: 'get', path: path`v1/clusters/${name}`, ...options }),
    create: (body, options = {}) => call(t, { method: 'post', path: 'v1/clusters', json: body, ...options }),
    update: (name, patch, options = {}) => call(t, { method: 'patch', path: path`v1/clusters/${name}`, json: patch, ...options }),
    delete: (name, options = {}) => call(t, { method: 'delete', path: path`v1/clusters/${name}`, ...options }),
    probe: (name, options = {}) => call(t, { method: 'post', path: path`v1/clusters/${name}/probe`, ...options }),
  };
}
