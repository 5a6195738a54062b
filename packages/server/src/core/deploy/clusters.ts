/**
 * Clusters: registered once from a kubeconfig, by an admin. The kubeconfig is
 * narrowed to one context with its credentials inline (exec plugins and file
 * paths refused: the server would run programs or read files of its own
 * host), sealed with the cluster's name and API server address as associated
 * data, and never returned. A probe (on register, on request, and every
 * `probeIntervalMs` while the core runs) records reachability, the server
 * version and whether Caravan's identity may manage every kind it renders.
 * An unreachable cluster is a finding stored on the cluster, never an error
 * that stops anything else.
 */
import type { Cluster, ClusterHealth, ClusterPermission } from '@caravan/contracts';
import type { Actor, ClustersApi, PageRequest } from '../api.js';
import { isoNow } from '../shared/clock.js';
import { actorRef, type CoreContext } from '../shared/context.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../shared/errors.js';
import { checkPrecondition, etagOf } from '../shared/etag.js';
import { keysetPage } from '../shared/paging.js';
import { labelsErrors, nameErrors, throwIfAny } from '../shared/validate.js';
import { StoreConflictError, type AuditInput, type ClusterRow } from '../store/port.js';
import { credentialsBinding, type ClusterConnections } from './connections.js';
import { readKubeconfig } from './kube/kubeconfig.js';
import { describeFailure } from './failures.js';

/** What Caravan must be allowed to do in an environment's namespace: every kind it renders, and reading pods for rollout status. */
export const REQUIRED_PERMISSIONS: readonly { group: string; resource: string; verbs: readonly string[] }[] = [
  { group: '', resource: 'secrets', verbs: ['get', 'create', 'patch', 'delete'] },
  { group: '', resource: 'configmaps', verbs: ['get', 'create', 'patch', 'delete'] },
  { group: '', resource: 'services', verbs: ['get', 'create', 'patch', 'delete'] },
  { group: '', resource: 'persistentvolumeclaims', verbs: ['get', 'create', 'patch', 'delete'] },
  { group: 'apps', resource: 'deployments', verbs: ['get', 'create', 'patch', 'delete'] },
  { group: 'apps', resource: 'statefulsets', verbs: ['get', 'create', 'patch', 'delete'] },
  { group: 'batch', resource: 'jobs', verbs: ['get', 'create', 'patch', 'delete'] },
  { group: 'batch', resource: 'cronjobs', verbs: ['get', 'create', 'patch', 'delete'] },
  { group: 'networking.k8s.io', resource: 'ingresses', verbs: ['get', 'create', 'patch', 'delete'] },
  { group: '', resource: 'pods', verbs: ['list'] },
];

const PROBE_TIMEOUT_MS = 10_000;

export function clusterToWire(row: ClusterRow): Cluster {
  return {
    name: row.name,
    server: row.server,
    ...(row.context === '' ? {} : { context: row.context }),
    labels: { ...row.labels },
    health: (row.health as ClusterHealth | null) ?? { state: 'unknown', permissions: [] },
    etag: etagOf(row.revision),
    createdAt: row.createdAt,
    createdBy: { id: row.createdBy.id, name: row.createdBy.name },
    updatedAt: row.updatedAt,
  };
}

function audit(ctx: CoreContext, actor: Actor, action: string, name: string, details?: Record<string, unknown>): AuditInput {
  return { at: isoNow(ctx.clock), actor: actorRef(actor), action: `cluster.${action}`, subjectKind: 'cluster', subjectName: name, ...(details ? { details } : {}) };
}

export interface ClustersService extends ClustersApi {
  /** Probes every cluster (the periodic probe); errors are findings, never thrown. */
  probeAll(): Promise<void>;
}

export function createClustersService(ctx: CoreContext, connections: ClusterConnections): ClustersService {
  const load = async (name: string): Promise<ClusterRow> => {
    const row = await ctx.store.clusters.get(name);
    if (row === undefined) throw new NotFoundError(`cluster ${name} does not exist`, { cluster: name });
    return row;
  };

  /** Namespaces to check rights in: those of the environments bound to the cluster, or `default`. */
  const namespacesOf = async (cluster: string): Promise<string[]> => {
    const envs = await ctx.store.environments.list({ cluster, limit: 200 });
    const names = [...new Set(envs.map((e) => e.namespace))].sort();
    return names.length > 0 ? names : ['default'];
  };

  const probeRow = async (row: ClusterRow): Promise<ClusterHealth> => {
    const checkedAt = isoNow(ctx.clock);
    const signal = AbortSignal.timeout(PROBE_TIMEOUT_MS);
    try {
      const client = await connections.forRow(row);
      const serverVersion = (await client.version({ signal })).gitVersion;
      const namespaces = await namespacesOf(row.name);
      const permissions: ClusterPermission[] = [];
      const checks = REQUIRED_PERMISSIONS.flatMap((p) => p.verbs.map((verb) => ({ ...p, verb })));
      await Promise.all(
        checks.map(async (c) => {
          const answers = await Promise.all(namespaces.map((ns) => client.accessReview(ns, { group: c.group, resource: c.resource, verb: c.verb }, { signal })));
          permissions.push({ resource: c.group === '' ? c.resource : `${c.resource}.${c.group}`, verb: c.verb, allowed: answers.every((a) => a.allowed) });
        }),
      );
      permissions.sort((a, b) => a.resource.localeCompare(b.resource) || a.verb.localeCompare(b.verb));
      const missing = permissions.filter((p) => !p.allowed);
      return {
        state: 'reachable',
        checkedAt,
        serverVersion,
        permissions,
        ...(missing.length === 0
          ? {}
          : { message: `Caravan may not ${missing.map((p) => `${p.verb} ${p.resource}`).join(', ')} in ${namespaces.join(', ')}` }),
      };
    } catch (e) {
      return { state: 'unreachable', checkedAt, permissions: [], message: describeFailure(e) };
    }
  };

  const probeAndStore = async (row: ClusterRow): Promise<ClusterRow> => {
    const health = await probeRow(row);
    await ctx.store.clusters.setHealth(row.name, health);
    if (health.state === 'unreachable') ctx.logger.warn('cluster unreachable', { cluster: row.name, message: health.message });
    return { ...row, health };
  };

  const sealFrom = (name: string, kubeconfigText: string, context: string | undefined) => {
    const sel = readKubeconfig(kubeconfigText, context);
    return { server: sel.server, context: sel.context, credentialsEnc: ctx.box.seal(sel.kubeconfig, credentialsBinding(name, sel.server)) };
  };

  return {
    async list(_actor, page?: PageRequest) {
      return keysetPage('clusters', page, (after, limit) => ctx.store.clusters.list({ ...(after === undefined ? {} : { after }), limit }), (r) => r.name, clusterToWire);
    },

    async get(_actor, name) {
      return clusterToWire(await load(name));
    },

    async create(actor, input) {
      throwIfAny([...nameErrors(input.name, '/name', 'the cluster name'), ...labelsErrors(input.labels, '/labels')], 'the cluster is not valid');
      if (typeof input.kubeconfig !== 'string' || input.kubeconfig.trim() === '') {
        throw new InvalidInputError('a kubeconfig is required', [{ pointer: '/kubeconfig', message: 'required', code: 'required' }]);
      }
      const sealed = sealFrom(input.name, input.kubeconfig, input.context);
      const at = isoNow(ctx.clock);
      const row: ClusterRow = {
        name: input.name,
        ...sealed,
        labels: { ...input.labels },
        health: null,
        revision: 1,
        createdAt: at,
        createdBy: actorRef(actor),
        updatedAt: at,
      };
      try {
        await ctx.store.clusters.insert(row, audit(ctx, actor, 'create', row.name, { server: row.server, context: row.context }));
      } catch (e) {
        if (e instanceof StoreConflictError) throw new ConflictError(`cluster ${row.name} already exists`, { cluster: row.name });
        throw e;
      }
      return clusterToWire(await probeAndStore(row));
    },

    async update(actor, name, patch, pre) {
      const row = await load(name);
      checkPrecondition(pre, row.revision, `cluster ${name}`);
      throwIfAny(labelsErrors(patch.labels, '/labels'), 'the cluster patch is not valid');
      if (patch.kubeconfig === undefined && patch.context !== undefined && patch.context !== row.context) {
        throw new InvalidInputError('choosing another context needs the kubeconfig again (only the chosen context is kept)', [
          { pointer: '/kubeconfig', message: 'required to change the context', code: 'required' },
        ]);
      }
      const sealed = patch.kubeconfig === undefined ? {} : sealFrom(name, patch.kubeconfig, patch.context);
      const updated = await ctx.store.clusters.update(
        name,
        row.revision,
        { ...sealed, ...(patch.labels === undefined ? {} : { labels: { ...patch.labels } }), updatedAt: isoNow(ctx.clock) },
        audit(ctx, actor, 'update', name, {
          fields: Object.keys(patch).filter((k) => k !== 'kubeconfig').concat(patch.kubeconfig === undefined ? [] : ['kubeconfig']),
          ...('server' in sealed && sealed.server !== row.server ? { server: sealed.server, previousServer: row.server } : {}),
        }),
      );
      if (updated === undefined) throw new ConflictError(`cluster ${name} changed meanwhile; read it again and retry`, { cluster: name });
      if (patch.kubeconfig !== undefined) {
        connections.forget(name);
        return clusterToWire(await probeAndStore(updated));
      }
      return clusterToWire(updated);
    },

    async delete(actor, name, pre) {
      const row = await load(name);
      checkPrecondition(pre, row.revision, `cluster ${name}`);
      const bound = await ctx.store.environments.list({ cluster: name, limit: 10 });
      if (bound.length > 0) {
        throw new ConflictError(`cluster ${name} is used by environments ${bound.map((e) => e.name).join(', ')}; delete or move them first`, {
          environments: bound.map((e) => e.name),
        });
      }
      if (!(await ctx.store.clusters.delete(name, row.revision, audit(ctx, actor, 'delete', name)))) {
        throw new ConflictError(`cluster ${name} changed meanwhile; read it again and retry`, { cluster: name });
      }
      connections.forget(name);
    },

    async probe(_actor, name) {
      return clusterToWire(await probeAndStore(await load(name)));
    },

    async probeAll() {
      for (let after: string | undefined; ; ) {
        const rows = await ctx.store.clusters.list({ ...(after === undefined ? {} : { after }), limit: 100 });
        await Promise.all(rows.map((r) => probeAndStore(r).catch((e: unknown) => ctx.logger.warn('probing a cluster failed', { cluster: r.name, error: String(e) }))));
        if (rows.length < 100) return;
        after = rows[rows.length - 1]!.name;
      }
    },
  };
}
