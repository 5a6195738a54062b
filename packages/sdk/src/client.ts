/** createCaravanClient: the typed client, one property per resource of the API. */
import type { Health, OperationEvent, Whoami } from '@caravan/contracts';
import { AuditResource, RegistryResource, TokensResource } from './resources/admin.js';
import { ClustersResource } from './resources/clusters.js';
import { EnvironmentsResource } from './resources/environments.js';
import { allEvents, OperationsResource, type EventStreamOptions } from './resources/operations.js';
import { TemplatesResource } from './resources/templates.js';
import type { EventStream } from './sse.js';
import { Transport, type CallOptions, type RetryPolicy } from './transport.js';

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

export interface CaravanClient {
  readonly templates: TemplatesResource;
  readonly operations: OperationsResource;
  readonly tokens: TokensResource;
  readonly audit: AuditResource;
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
  whoami(options?: CallOptions): Promise<Whoami>;
  /**
   * Liveness of the server.
   * @example
   * const { status } = await client.health();
   */
  health(options?: CallOptions): Promise<Health>;
  /**
   * Readiness (the store is reachable); answers `status: 'unavailable'` rather than throwing when not ready.
   * @example
   * const { status, checks } = await client.ready();
   */
  ready(options?: CallOptions): Promise<Health>;
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
    templates: new TemplatesResource(transport),
    operations: new OperationsResource(transport),
    tokens: new TokensResource(transport),
    audit: new AuditResource(transport),
    registry: new RegistryResource(transport),
    clusters: new ClustersResource(transport),
    environments: new EnvironmentsResource(transport),
    events: (eventOptions) => allEvents(transport, eventOptions),
    whoami: (callOptions = {}) => transport.json({ method: 'get', path: 'v1/whoami', ...callOptions }),
    health: (callOptions = {}) => transport.json({ method: 'get', path: 'v1/healthz', ...callOptions }),
    ready: (callOptions = {}) => transport.json({ method: 'get', path: 'v1/readyz', okStatuses: [503], ...callOptions }),
  };
}
