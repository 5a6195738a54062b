/**
 * One client per registered cluster, kept while its credentials stay the
 * same, so every install, probe and status read reuses the kept-alive
 * connections to that API server. New credentials replace the client (and
 * close the old one's sockets); the decrypted kubeconfig lives only inside
 * the client.
 */
import type { CoreContext } from '../shared/context.js';
import { ConflictError, NotFoundError } from '../shared/errors.js';
import type { ClusterRow } from '../store/port.js';
import type { ClusterClient, ClusterClientFactory } from './cluster-port.js';

/** What the seal of a kubeconfig is bound to: the cluster and its API server address. */
export function credentialsBinding(name: string, server: string): string {
  return `cluster:${name}:${server}`;
}

export class ClusterConnections {
  readonly #ctx: CoreContext;
  readonly #factory: ClusterClientFactory;
  readonly #clients = new Map<string, { sealed: string; server: string; client: Promise<ClusterClient> }>();

  constructor(ctx: CoreContext, factory: ClusterClientFactory) {
    this.#ctx = ctx;
    this.#factory = factory;
  }

  /** The client for a cluster row, built on first use or when its credentials changed. */
  forRow(row: ClusterRow): Promise<ClusterClient> {
    const kept = this.#clients.get(row.name);
    if (kept !== undefined && kept.sealed === row.credentialsEnc && kept.server === row.server) return kept.client;
    if (kept !== undefined) void kept.client.then((c) => c.close(), () => undefined);
    // Opening fails when the sealed value was moved to another cluster or address: the binding is part of the seal.
    let kubeconfig: string;
    try {
      kubeconfig = this.#ctx.box.open(row.credentialsEnc, credentialsBinding(row.name, row.server));
    } catch (cause) {
      const error = new ConflictError(
        `the stored credentials of cluster ${row.name} do not open for ${row.server}: they were sealed for another cluster or address (or the master key changed); give the kubeconfig again`,
        { cluster: row.name },
      );
      error.cause = cause;
      return Promise.reject(error);
    }
    const client = this.#factory(kubeconfig);
    this.#clients.set(row.name, { sealed: row.credentialsEnc, server: row.server, client });
    // A failed build is not kept: the next call tries again.
    client.catch(() => {
      if (this.#clients.get(row.name)?.client === client) this.#clients.delete(row.name);
    });
    return client;
  }

  async forCluster(name: string): Promise<{ row: ClusterRow; client: ClusterClient }> {
    const row = await this.#ctx.store.clusters.get(name);
    if (row === undefined) throw new NotFoundError(`cluster ${name} does not exist`, { cluster: name });
    return { row, client: await this.forRow(row) };
  }

  forget(name: string): void {
    void this.#clients.get(name)?.client.then((c) => c.close(), () => undefined);
    this.#clients.delete(name);
  }

  closeAll(): void {
    for (const { client } of this.#clients.values()) void client.then((c) => c.close(), () => undefined);
    this.#clients.clear();
  }
}
