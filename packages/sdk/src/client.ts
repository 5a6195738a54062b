/** createCaravanClient: the typed client, one property per resource of the API. */
import type { Health, OperationEvent, Whoami } from '@caravan/contracts';
import { call, type ApiPromise } from './api-promise.js';
import { auditResource, registryResource, tokensResource, type AuditResource, type RegistryResource, type TokensResource } from './resources/admin.js';
import { clustersResource, type ClustersResource } from './resources/clusters.js';
import { environmentsResource, type EnvironmentsResource } from './resources/environments.js';
import { allEvents, operationsResource, type EventStreamOptions, type OperationsResource } from './resources/operations.js';
import { templatesResource, type TemplatesResource } from './resources/templates.js';
import type { EventStream } from './sse.js';
import { Transport, type CallOptions, type RetryPolicy } from './transport.js';

/** Where the server is, how to reach it and with which token, and the defaults of every call. */
export interface CaravanClientOptions {
  /** Where the server is, e.g. `http://127.0.0.1:7420` (paths are resolved under it). */
  readonly baseUrl: string | URL;
  /** A bearer token, or a function returning one (called before each request). */
  readonly token?: string | (() => string | Promise<string>);
  /**
   * The transport. Defaults to the global fetch; pass `app.fetch` of an in-process
   * Caravan server to talk to it with no socket.
   */
  readonly fetch?: (request: Request) => Response | Promise<Response>;
  /** Retries of failed requests: a number (the limit) or a policy. Default: 2 retries. */
  readonly retry?: RetryPolicy | number;
  /** Headers sent with every request. */
  readonly headers?: Record<string, string>;
  /** Timeout of one attempt of an ordinary call, in ms. Default 30 000. Streams have none. */
  readonly timeoutMs?: number;
}

/**
 * The client: one property per resource of the API. An interface, so a fake can stand in for it
 * (`@caravan/sdk/testing` has one) and so can a mock of your own.
 */
export interface CaravanClient {
  /** Templates and, under `versions`, their versions and the version state machine. */
  readonly templates: TemplatesResource;
  /** Long work (publish, install, upgrade, rollback, uninstall): read it, cancel it, wait for it, follow its events. */
  readonly operations: OperationsResource;
  /** API tokens (admin). */
  readonly tokens: TokensResource;
  /** The audit trail. */
  readonly audit: AuditResource;
  /** The delivery registry and the credentials of source registries (admin). */
  readonly registry: RegistryResource;
  /** Kubernetes clusters, each registered with a kubeconfig (admin). */
  readonly clusters: ClustersResource;
  /** Environments, and (under `installs`) what is installed in them, with their records. */
  readonly environments: EnvironmentsResource;
  /**
   * Every event the caller may see, live; resumable with `lastEventId`. It never ends by itself: `break`, or abort
   * its signal (the loop then ends quietly).
   * @example
   * const ac = new AbortController();
   * for await (const e of client.events({ signal: ac.signal })) console.log(e.operation, e.type);
   */
  events(options?: EventStreamOptions): EventStream<OperationEvent>;
  /**
   * The caller: token id, name and roles.
   * @example
   * const me = await client.whoami();
   * console.log(me.name, me.roles);
   */
  whoami(options?: CallOptions): ApiPromise<Whoami>;
  /**
   * Liveness of the server.
   * @example
   * const { status } = await client.health();
   */
  health(options?: CallOptions): ApiPromise<Health>;
  /**
   * Readiness (the store is reachable); answers `status: 'unavailable'` rather than throwing when not ready.
   * @example
   * const { status, checks } = await client.ready();
   */
  ready(options?: CallOptions): ApiPromise<Health>;
}

/**
 * Creates a client for the Caravan API. Works in Node and browsers.
 * @example
 * import { createCaravanClient, isVersionExistsError } from '@caravan/sdk';
 *
 * const client = createCaravanClient({ baseUrl: 'http://127.0.0.1:7420', token: process.env.CARAVAN_TOKEN });
 * await client.templates.create({ name: 'shop' });
 * try {
 *   await client.templates.versions.create('shop', { version: '1.0', app });
 * } catch (e) {
 *   if (isVersionExistsError(e)) console.log('1.0 is taken');
 *   else throw e;
 * }
 */
export function createCaravanClient(options: CaravanClientOptions): CaravanClient {
  const transport = new Transport(options);
  return {
    templates: templatesResource(transport),
    operations: operationsResource(transport),
    tokens: tokensResource(transport),
    audit: auditResource(transport),
    registry: registryResource(transport),
    clusters: clustersResource(transport),
    environments: environmentsResource(transport),
    events: (eventOptions) => allEvents(transport, eventOptions),
    whoami: (callOptions = {}) => call(transport, { method: 'get', path: 'v1/whoami', ...callOptions }),
    health: (callOptions = {}) => call(transport, { method: 'get', path: 'v1/healthz', ...callOptions }),
    ready: (callOptions = {}) => call(transport, { method: 'get', path: 'v1/readyz', okStatuses: [503], ...callOptions }),
  };
}
