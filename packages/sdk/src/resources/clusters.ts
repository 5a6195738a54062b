/** `client.clusters`: the Kubernetes clusters Caravan deploys to, each registered with a kubeconfig (admin). */
import type { Cluster, ClusterCreate, ClusterPatch, operations } from '@caravan/contracts';
import type { PagePromise } from '../pagination.js';
import { path } from '../path.js';
import type { CallOptions, Transport, UpdateOptions, WriteOptions } from '../transport.js';

export type ListClustersParams = NonNullable<operations['listClusters']['parameters']['query']>;

export class ClustersResource {
  readonly #t: Transport;
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * Clusters by name, with their last known health: await for the first page, or iterate for all.
   * @example
   * for await (const c of client.clusters.list()) console.log(c.name, c.health.state, c.health.serverVersion);
   */
  list(params: ListClustersParams = {}, options: CallOptions = {}): PagePromise<Cluster> {
    return this.#t.list<Cluster>('v1/clusters', params, options);
  }

  /**
   * One cluster (never its kubeconfig).
   * @example
   * const c = await client.clusters.get('aliyun-qingdao');
   * if (c.health.state !== 'reachable') console.warn(c.health.message);
   */
  get(name: string, options: CallOptions = {}): Promise<Cluster> {
    return this.#t.json({ method: 'get', path: path`v1/clusters/${name}`, ...options });
  }

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
  create(body: ClusterCreate, options: WriteOptions = {}): Promise<Cluster> {
    return this.#t.json({ method: 'post', path: 'v1/clusters', json: body, ...options });
  }

  /**
   * Changes a cluster's kubeconfig, context or labels; a new kubeconfig or context probes it again.
   * Pointing it at another API server needs the kubeconfig again.
   * @example
   * const c = await client.clusters.get('intranet');
   * await client.clusters.update('intranet', { labels: { ...c.labels, zone: 'b' } }, { ifMatch: c.etag });
   */
  update(name: string, patch: ClusterPatch, options: UpdateOptions = {}): Promise<Cluster> {
    return this.#t.json({ method: 'patch', path: path`v1/clusters/${name}`, json: patch, ...options });
  }

  /**
   * Forgets a cluster no environment is bound to (else ConflictError); nothing on the cluster changes.
   * @example
   * await client.clusters.delete('old-lab');
   */
  async delete(name: string, options: UpdateOptions = {}): Promise<void> {
    await this.#t.send({ method: 'delete', path: path`v1/clusters/${name}`, ...options });
  }

  /**
   * Probes a cluster now: reachability, server version, and what Caravan's credentials may do.
   * An unreachable cluster is an answer (`health.state: 'unreachable'`), not an error.
   * @example
   * const { health } = await client.clusters.probe('aliyun-shanghai');
   * for (const p of health.permissions.filter((p) => !p.allowed)) console.warn('missing', p.verb, p.resource);
   */
  probe(name: string, options: WriteOptions = {}): Promise<Cluster> {
    return this.#t.json({ method: 'post', path: path`v1/clusters/${name}/probe`, ...options });
  }
}
