/**
 * @caravan/server: the delivery core and its Hono app, put together.
 *
 * `createCaravan()` opens the store, builds the core and the app, and returns
 * them with `start`/`stop`. Another program can call the core directly, mount
 * `app` inside its own server, or hand `app.fetch` to the SDK and talk to
 * Caravan in-process with no socket. `start()` is only needed to listen on a
 * port; the operation worker runs either way once started.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createCore, createOciRegistrySync, openStore, type ClusterClientFactory, type Core, type DeployOptions, type EngineOptions, type PublishOptions, type RegistrySync, type Store } from './core/index.js';
import { ConfigError, DEFAULT_DATABASE_URL, DEFAULT_HOST, DEFAULT_PORT, resolveMasterKey } from './config.js';
import { createApp, type AppOptions, type CaravanApp } from './http/app.js';
import { silentLogger, type Logger } from './http/logger.js';
import type { SseOptions } from './http/sse.js';
import { createMetrics, type CaravanMetrics } from './metrics/prometheus.js';

export { createApp, type CaravanApp, type AppOptions } from './http/app.js';
export { jsonLogger, type Logger } from './http/logger.js';
export { createMetrics, type CaravanMetrics } from './metrics/prometheus.js';
export type { CaravanCore, Actor, Page, PageRequest, Precondition } from './core/index.js';
export type { HostAuthenticate } from './http/auth.js';
export type { Core, CoreOptions } from './core/index.js';

export interface CaravanOptions {
  /** `file:./path.db` (SQLite, default `file:./.caravan/caravan.db`), `:memory:`, or `postgres://...`. Ignored when `store` is given. */
  databaseUrl?: string;
  /** An already opened store (the caller closes it unless `stop()` is called). */
  store?: Store;
  /**
   * Encrypts secrets at rest. Default: the key file beside the SQLite database
   * named by `databaseUrl` (created, mode 0600). Required with `store`: where a
   * store you opened keeps its data is not ours to guess.
   */
  masterKey?: string;
  /** An admin token secret to create at first start; without one, one is generated (see `bootstrapToken` on the result). */
  bootstrapToken?: string;
  /** How publishing copies images; default the OCI distribution client. */
  registrySync?: RegistrySync;
  port?: number;
  host?: string;
  logger?: Logger;
  /** Largest request body in bytes (default 2 MiB). */
  bodyLimitBytes?: number;
  /** Identifies this process's leases; default `<hostname>:<pid>:<random>`. */
  workerId?: string;
  /** Server-sent events tuning: keep-alive comment interval (default 15 s). */
  sse?: Partial<SseOptions>;
  /**
   * Publish tuning; the defaults suit production.
   * - `copyAttempts`: tries per image for retryable registry errors within one run (default 3).
   * - `backoffMs`: the first wait between tries, doubled each time (default 1 000).
   * - `concurrency`: images copied at once (default 3).
   * - `deadlineMs`: a publish not finished this long after its start fails
   *   `operation-deadline-exceeded` (default 1 hour).
   * @example createCaravan({ publish: { concurrency: 6, deadlineMs: 2 * 60 * 60 * 1000 } })
   */
  publish?: Pick<PublishOptions, 'copyAttempts' | 'backoffMs' | 'concurrency' | 'deadlineMs'>;
  /**
   * Operation worker tuning; the defaults suit production.
   * - `leaseMs`: how long a worker's claim on an operation lasts without renewal (default 15 000);
   *   after a crash another replica resumes the work once it runs out.
   * - `renewMs`: how often a running operation's lease is renewed (default 5 000; keep it well under `leaseMs`).
   * - `pollMs`: how often an idle worker and event streams look at the store for other replicas' work (default 1 000).
   * - `maxAttempts`: starts after which an operation fails `operation-abandoned` (default 5).
   * - `concurrency`: operations this process runs at once (default 4).
   * - `progressMs`: least interval between stored progress updates (default 500).
   * - `stopGraceMs`: how long `stop()` waits for running work to unwind before giving its leases up anyway (default 10 000).
   * @example createCaravan({ operations: { leaseMs: 30_000, renewMs: 10_000 } })
   */
  operations?: Omit<EngineOptions, 'workerId'>;
  /**
   * Deployer tuning: `pollMs`, how often a rollout is looked at (default 1 000).
   * @example createCaravan({ deploy: { pollMs: 500 } })
   */
  deploy?: DeployOptions;
  /** How often every registered cluster is probed (default 60 000 ms; 0 turns the periodic probe off). */
  clusterProbeMs?: number;
  /** How long events and finished operations are kept (default 72 hours); the audit trail is never purged. */
  retentionMs?: number;
  /** How the deployer reaches clusters; default Caravan's REST client (keep-alive per cluster). */
  clusterClients?: ClusterClientFactory;
  /**
   * The budget of bad bearer tokens per client address (429 with Retry-After once spent; a valid
   * token always passes): `burst` (default 20), `refillPerMinute` (10), `maxAddresses` (10 000),
   * `trustedProxies` (addresses or CIDR blocks whose X-Forwarded-For is believed; default none).
   * `false` turns it off.
   * @example createCaravan({ authBudget: { trustedProxies: ['10.0.0.0/8'] } })
   */
  authBudget?: AppOptions['authBudget'];
  /**
   * For a host that authenticates its callers itself (a Backstage plugin): returns the Actor a
   * request comes from, whose roles then decide as a token's would; undefined falls back to
   * bearer tokens. Only the host's own requests reach it: nothing a client sends can name an Actor.
   * @example createCaravan({ authenticate: (request) => callers.get(request) })
   */
  authenticate?: AppOptions['authenticate'];
  /**
   * Origins whose browser pages may call the API (CORS); none by default.
   * @example createCaravan({ corsOrigins: ['https://portal.example.com'] })
   */
  corsOrigins?: readonly string[];
}

export interface Caravan {
  /** The delivery core: call it directly, with an Actor, to skip HTTP. */
  readonly core: Core;
  readonly app: CaravanApp;
  readonly store: Store;
  /** What `GET /metrics` serves: its prom-client `registry` can be merged into a host program's own. */
  readonly metrics: CaravanMetrics;
  /** The admin token generated at this first start, once; undefined when one was given or tokens already existed. */
  readonly bootstrapToken: string | undefined;
  /** Listens on `port` (default 7420; 0 picks a free one) and `host` (default 127.0.0.1), and starts the operation worker. */
  start(): Promise<{ host: string; port: number; url: string }>;
  /** Graceful: readiness turns 503, the listener stops taking connections, the worker gives its leases back, the store closes. */
  stop(): Promise<void>;
}

const VERSION = '0.1.0';

export async function createCaravan(options: CaravanOptions = {}): Promise<Caravan> {
  const logger = options.logger ?? silentLogger;
  if (options.store && !options.masterKey) {
    throw new ConfigError(
      `createCaravan: masterKey is required with a store you opened (a ${options.store.dialect} store): ` +
        'the default key file sits beside the SQLite database named by databaseUrl, which this store is not. ' +
        'Pass the key that encrypts this store\'s secrets (32 bytes, base64; `openssl rand -base64 32` makes one).',
    );
  }
  const databaseUrl = options.databaseUrl ?? DEFAULT_DATABASE_URL;
  const masterKey = options.masterKey ?? resolveMasterKey(databaseUrl, undefined).key;
  // openStore migrates what it opens; the core then need not migrate it again.
  const opened = options.store ?? (await openStore(databaseUrl));
  // One set of metrics per Caravan; the store is timed here, once, for the core and the app alike.
  const metrics = createMetrics({ logger });
  const store = metrics.timeStore(opened);
  metrics.readGaugesFrom(store);
  // Ours to close on stop only when we made it.
  const ownSync = options.registrySync ? undefined : createOciRegistrySync();
  const registrySync = options.registrySync ?? ownSync;

  let core: Core;
  try {
    core = await createCore({
      store,
      masterKey,
      logger,
      metrics: metrics.core,
      migrate: options.store !== undefined,
      ...(registrySync ? { registrySync } : {}),
      ...(options.bootstrapToken ? { bootstrapToken: options.bootstrapToken } : {}),
      ...(options.workerId ? { workerId: options.workerId } : {}),
      ...(options.publish ? { publish: options.publish } : {}),
      ...(options.operations ? { operations: options.operations } : {}),
      ...(options.deploy ? { deploy: options.deploy } : {}),
      ...(options.clusterProbeMs !== undefined ? { clusterProbeMs: options.clusterProbeMs } : {}),
      ...(options.retentionMs !== undefined ? { retentionMs: options.retentionMs } : {}),
      ...(options.clusterClients ? { clusterClients: options.clusterClients } : {}),
    });
  } catch (e) {
    // Nothing else will close what we opened for a server that never came to be.
    ownSync?.close();
    if (!options.store) await store.close().catch(() => undefined);
    throw e;
  }
  const bootstrapToken = core.bootstrapSecret;

  let draining = false;
  const closing = new AbortController();
  const app = createApp({
    closing: closing.signal,
    core,
    idempotency: store.idempotency,
    logger,
    version: VERSION,
    // The adapter itself, not the timed store: a check per read is no query worth a histogram sample.
    ...(opened.dataVersion ? { dataVersion: () => opened.dataVersion!() } : {}),
    draining: () => draining,
    metrics,
    ...(options.bodyLimitBytes ? { bodyLimitBytes: options.bodyLimitBytes } : {}),
    ...(options.sse ? { sse: options.sse } : {}),
    ...(options.authBudget !== undefined ? { authBudget: options.authBudget } : {}),
    ...(options.authenticate ? { authenticate: options.authenticate } : {}),
    ...(options.corsOrigins ? { corsOrigins: options.corsOrigins } : {}),
  });

  let server: ServerType | undefined;
  let stopped: Promise<void> | undefined;

  async function start() {
    if (server) throw new Error('already started');
    const host = options.host ?? DEFAULT_HOST;
    const address = await new Promise<AddressInfo>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: options.port ?? DEFAULT_PORT, hostname: host }, (info) => resolve(info));
      s.once('error', reject);
      server = s;
    });
    // The worker starts once the port is ours, so a failed listen leaves nothing running.
    await core.start();
    const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return { host: address.address, port: address.port, url: `http://${urlHost}:${address.port}` };
  }

  function stop(): Promise<void> {
    stopped ??= (async () => {
      draining = true;
      closing.abort();
      if (server) {
        const s = server;
        // Stop accepting; idle keep-alive sockets go now, busy ones (SSE streams) are cut after a grace period.
        const closed = new Promise<void>((resolve) => s.close(() => resolve()));
        if ('closeIdleConnections' in s) s.closeIdleConnections();
        const grace = setTimeout(() => { if ('closeAllConnections' in s) s.closeAllConnections(); }, 5_000);
        await closed;
        clearTimeout(grace);
      }
      // core.stop() releases held leases so another process resumes at once, and closes the store.
      await core.stop();
      ownSync?.close();
    })();
    return stopped;
  }

  return { core, app, store, metrics, bootstrapToken, start, stop };
}
