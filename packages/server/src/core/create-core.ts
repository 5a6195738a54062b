/**
 * The composition root of the delivery core: wires the store, clock, ids,
 * secret box, registry client and operation engine into the services, and
 * wraps them in the role checks.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { CaravanCore } from './api.js';
import { authorizeCore } from './access/authorize.js';
import { isoAfter, isoNow, systemClock, type Clock } from './shared/clock.js';
import { silentLogger, type CoreContext, type Logger } from './shared/context.js';
import { noMetrics, type CoreMetrics } from './shared/metrics.js';
import { InvalidInputError } from './shared/errors.js';
import { createIdSource, type IdSource } from './shared/ids.js';
import { OperationEngine, type EngineOptions } from './operations/engine.js';
import { createPublishHandler, type PublishOptions } from './templates/publish.js';
import type { RegistrySync } from './registry/port.js';
import { createRegistryService, rebindRegistryPassword } from './registry/registry-service.js';
import { parseMasterKey, SecretBox } from './secrets/secret-box.js';
import { createAuditService } from './audit/audit.js';
import { createOperationsService } from './operations/operations-service.js';
import { createTemplatesService } from './templates/templates.js';
import { createTokensService } from './access/tokens.js';
import { createVersionsService } from './templates/versions.js';
import type { Store } from './store/port.js';
import { kubeClientFactory, type ClusterClientFactory } from './deploy/cluster-port.js';
import { ClusterConnections } from './deploy/connections.js';
import { createClustersService } from './deploy/clusters.js';
import { createDeployHandlers, type DeployOptions } from './deploy/deploy-handler.js';
import { createEnvironmentsService } from './deploy/environments.js';
import { createInstallsService } from './deploy/installs.js';

export interface CoreOptions {
  readonly store: Store;
  /** Copies images into the delivery registry. Without one, publishing fails with a reason that says so. */
  readonly registrySync?: RegistrySync;
  readonly clock?: Clock;
  readonly ids?: IdSource;
  /** 32 bytes, or their hex/base64 text (see `parseMasterKey`). */
  readonly masterKey: Uint8Array | string;
  /** The admin token to create at first start (CARAVAN_BOOTSTRAP_TOKEN); generated when absent. */
  readonly bootstrapToken?: string;
  readonly logger?: Logger;
  /** Lease owner id of this process's worker; unique per process by default. */
  readonly workerId?: string;
  /** Apply store migrations first (default true). */
  readonly migrate?: boolean;
  /** Engine tuning (lease, poll, attempts); defaults suit production. */
  readonly operations?: Omit<EngineOptions, 'workerId'>;
  /** Publish tuning (per-image tries, backoff, image concurrency, deadline). */
  readonly publish?: Pick<PublishOptions, 'copyAttempts' | 'backoffMs' | 'concurrency' | 'deadlineMs'>;
  /** How often expired `Idempotency-Key` outcomes, and events and operations past `retentionMs`, are deleted while started (default 1 hour). */
  readonly idempotencyPurgeMs?: number;
  /**
   * How long events and finished operations are kept (default 72 hours). Older
   * ones are deleted by the purge; the audit trail is never purged, and an
   * operation an install still names is kept.
   */
  readonly retentionMs?: number;
  /** How the deployer reaches clusters; default the REST client of deploy/kube (keep-alive per cluster). */
  readonly clusterClients?: ClusterClientFactory;
  /** How often every cluster is probed while started (default 60 s; 0 turns it off). */
  readonly clusterProbeMs?: number;
  /** Deployer tuning (how often a rollout is looked at). */
  readonly deploy?: DeployOptions;
  /** Where the core reports operations ended, bytes published and rollouts (the server passes its Prometheus metrics); default: nothing is counted. */
  readonly metrics?: CoreMetrics;
}

const DEFAULT_CLUSTER_PROBE_MS = 60_000;

const DEFAULT_IDEMPOTENCY_PURGE_MS = 60 * 60 * 1000;

export const DEFAULT_RETENTION_MS = 72 * 60 * 60 * 1000;

export interface Core extends CaravanCore {
  /**
   * The secret of the admin token generated at this first start (no token
   * existed and none was given). Print it once; it is not stored anywhere.
   */
  readonly bootstrapSecret: string | undefined;
  /** Whether this start created the bootstrap admin token. */
  readonly bootstrapped: boolean;
  readonly workerId: string;
}

export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const { store } = options;
  const key = typeof options.masterKey === 'string' ? parseMasterKey(options.masterKey) : options.masterKey;
  const ctx: CoreContext = {
    store,
    clock: options.clock ?? systemClock,
    ids: options.ids ?? createIdSource(),
    box: new SecretBox(key),
    logger: options.logger ?? silentLogger,
    metrics: options.metrics ?? noMetrics,
  };
  if (options.bootstrapToken !== undefined && (options.bootstrapToken.length < 16 || options.bootstrapToken.length > 512 || /\s/.test(options.bootstrapToken))) {
    throw new InvalidInputError('the bootstrap token must be 16 to 512 characters without spaces', [
      { pointer: '/bootstrapToken', message: 'must be 16 to 512 characters without spaces', code: 'length' },
    ]);
  }
  if (options.migrate !== false) await store.migrate();

  const workerId = options.workerId ?? defaultWorkerId();
  const engine = new OperationEngine(ctx, { ...options.operations, workerId });
  const registry = createRegistryService(ctx, options.registrySync);
  // A password sealed by an older Caravan, before passwords were bound to their registry, is bound now.
  await rebindRegistryPassword(ctx);
  engine.register(
    createPublishHandler(ctx, {
      registrySync: options.registrySync,
      loadDeliveryRegistry: registry.loadDeliveryRegistry,
      loadSourceCredentials: registry.loadSourceCredentials,
      loadSourceAllowList: registry.loadSourceAllowList,
      ...options.publish,
    }),
  );
  const connections = new ClusterConnections(ctx, options.clusterClients ?? kubeClientFactory);
  for (const handler of createDeployHandlers(ctx, connections, options.deploy)) engine.register(handler);
  const clusters = createClustersService(ctx, connections);
  const tokens = createTokensService(ctx);
  const boot = await tokens.bootstrap(options.bootstrapToken);
  if (boot.created) ctx.logger.info('created the bootstrap admin token', { token: 'tok_bootstrap' });

  let purge: NodeJS.Timeout | undefined;
  let probe: NodeJS.Timeout | undefined;
  let purging: Promise<void> | undefined;
  const retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
  if (!(retentionMs > 0)) throw new InvalidInputError('the retention must be a positive duration', [{ pointer: '/retentionMs', message: 'must be more than 0', code: 'range' }]);
  const purgeExpired = () => {
    const now = isoNow(ctx.clock);
    const cut = isoAfter(ctx.clock, -retentionMs);
    const attempt = (what: string, run: () => Promise<number>) =>
      run().then(
        (n) => (n > 0 ? ctx.logger.info(`purged ${what}`, { count: n, before: cut }) : undefined),
        (e: unknown) => ctx.logger.warn(`could not purge ${what}`, { error: String(e) }),
      );
    purging ??= (async () => {
      await attempt('expired idempotency keys', () => store.idempotency.purgeExpired(now));
      // Events and finished operations past the retention; the audit trail stays.
      await attempt('events past the retention', () => store.events.purgeBefore(cut));
      await attempt('finished operations past the retention', () => store.operations.purgeFinishedBefore(cut));
    })().finally(() => (purging = undefined));
  };

  const inner: CaravanCore = {
    templates: createTemplatesService(ctx),
    versions: createVersionsService(ctx, engine),
    operations: createOperationsService(ctx, engine),
    audit: createAuditService(ctx),
    tokens,
    registry,
    clusters,
    environments: createEnvironmentsService(ctx),
    installs: createInstallsService(ctx, engine, connections, registry),
    ready: () => store.ping().catch(() => false),
    async start() {
      engine.start();
      // Here rather than in the HTTP server, so a program that embeds the core and calls start() purges too.
      purge ??= setInterval(purgeExpired, options.idempotencyPurgeMs ?? DEFAULT_IDEMPOTENCY_PURGE_MS);
      purge.unref();
      const probeMs = options.clusterProbeMs ?? DEFAULT_CLUSTER_PROBE_MS;
      if (probeMs > 0 && probe === undefined) {
        probe = setInterval(() => void clusters.probeAll(), probeMs);
        probe.unref();
      }
    },
    async stop() {
      if (purge) clearInterval(purge);
      purge = undefined;
      if (probe) clearInterval(probe);
      probe = undefined;
      await engine.stop();
      await purging;
      connections.closeAll();
      await store.close();
    },
  };
  return { ...authorizeCore(inner), bootstrapSecret: boot.secret, bootstrapped: boot.created, workerId };
}
