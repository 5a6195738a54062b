/**
 * @caravan/sdk/testing: an in-memory Caravan behind the SDK's own client type,
 * for testing a portal, a plugin or a script without a server.
 *
 * `createFakeCaravanClient()` returns a CaravanClient whose state lives in
 * memory: templates and versions move through the contract's state machine,
 * lists page with cursors, refusals are the SDK's typed errors with the
 * server's problem types, and long work (publish, install, upgrade, rollback,
 * uninstall) runs as operations whose steps and events advance on timers, so
 * `operations.wait` reports progress and event streams resume by id. No
 * cluster and no registry are involved: rollouts and copies succeed, except
 * where a test asks them to fail (`client.fake`).
 *
 * The same scenario gives the same answers against this fake and against the
 * real server (ids, times and ETags aside): test/sdk-fake checks it. Where the
 * fake is simpler, it says so: app models are judged by a subset of the
 * server's checks (and given as objects or JSON, not YAML), and the
 * Kubernetes objects of a record are a sketch of the server's rendering.
 */
import type { OperationEvent } from '@caravan/contracts';
import { isFinalOperationState } from '@caravan/contracts/states';
import { apiPromise } from '../api-promise.js';
// The public types come from the package's own entry, so the declarations of `testing` refer to it.
import type { ApiPromise, CallOptions, CaravanClient, OperationRef, OperationsResource, Page, UpdateOptions } from '../index.js';
import { PagePromise } from '../pagination.js';
import { waitForOperation, isFinalEvent, parseEvent } from '../resources/operations.js';
import { path } from '../path.js';
import { EventStream } from '../sse.js';
import { FakeCaravanState } from './domain.js';
import { Refusal, toApiError, World, type Actor } from './world.js';

/** How the fake runs. */
export interface FakeCaravanOptions {
  /**
   * Time between two steps of an operation, in ms. Default 5: progress shows, and a publish or an
   * upgrade of a few components is over within a tenth of a second.
   */
  readonly stepDelayMs?: number;
  /** The fake's clock, for `createdAt`, `updatedAt` and the like. Default the real one. */
  readonly now?: () => Date;
}

/** Handles on the fake itself, for a test: other callers, failures to stage, and waiting for quiet. */
export interface FakeControls {
  /** The secret of the bootstrap admin token, the caller of the client `createFakeCaravanClient` returns. */
  readonly bootstrapToken: string;
  /**
   * A client of the same fake that calls with another token, as `createCaravanClient({ token })` would:
   * a secret from `tokens.create` acts with that token's roles; an unknown or revoked one gets UnauthorizedError.
   * @example
   * const { secret } = await client.tokens.create({ name: 'qa', roles: ['viewer'] });
   * const viewer = client.fake.as(secret);
   * await viewer.templates.create({ name: 'x' }); // throws ForbiddenError
   */
  as(secret: string): FakeCaravanClient;
  /**
   * Makes the rollouts of a component fail from now on with `reason` (what its pods say, default
   * `CrashLoopBackOff`), as a real cluster's would: the operation fails with `rollout-failed`, an
   * atomic one returns to the record before. `false` lets them succeed again.
   * @example
   * client.fake.failRollout('web', 'ImagePullBackOff');
   * const done = await client.operations.wait(await client.environments.installs.upgrade('prod', 'shop', { version: '1.1' }));
   * // done.state === 'failed', operationError(done) is a RolloutFailedError
   */
  failRollout(component: string, reason?: string | false): void;
  /**
   * Makes the copy of an image (as the app names it) fail when publishing, with `reason`;
   * the publish fails with `registry-sync-failed` and the version with it. `false` lets it succeed again.
   * @example
   * client.fake.failImage('registry.example.com/shop/web:1.4.2', 'manifest unknown');
   */
  failImage(image: string, reason: string | false): void;
  /**
   * Resolves once no operation is pending or running.
   * @example
   * await client.templates.versions.publish('shop', '1.0');
   * await client.fake.settled();
   */
  settled(): Promise<void>;
}

/** A CaravanClient over an in-memory Caravan, with `fake`, its controls. */
export interface FakeCaravanClient extends CaravanClient {
  /** The fake's controls (not part of CaravanClient: code under test never needs them). */
  readonly fake: FakeControls;
}

const VERSION = '0.1.0';

/**
 * Creates an in-memory Caravan and a client of it, acting as its bootstrap admin.
 * @example
 * import { createFakeCaravanClient } from '@caravan/sdk/testing';
 *
 * const client = createFakeCaravanClient();
 * await client.templates.create({ name: 'shop' });
 * await client.templates.versions.create('shop', { version: '1.0', app: { components: [{ name: 'web', image: 'example.com/web:1' }] } });
 * await client.registry.put({ url: 'https://registry.example.com', prefix: 'caravan' });
 * const done = await client.operations.wait(await client.templates.versions.publish('shop', '1.0'), { onStep: (s) => console.log(s.name, s.state) });
 * // done.state === 'succeeded'; (await client.templates.versions.get('shop', '1.0')).state === 'published'
 */
export function createFakeCaravanClient(options: FakeCaravanOptions = {}): FakeCaravanClient {
  const world = new World(options);
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  const bootstrapToken = `cvn_${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
  const state = new FakeCaravanState(world, bootstrapToken);
  return clientFor(state, bootstrapToken);
}

function clientFor(state: FakeCaravanState, secret: string): FakeCaravanClient {
  const world = state.world;
  const actor = (): Actor => state.authenticate(secret);

  /**
   * One call: the caller's token, the work, and its answer as the server would send it (status,
   * ETag of a resource that has one, Location of what a create made); refusals become the SDK's
   * typed errors with the request path as their `instance`.
   */
  function answer<T>(options: CallOptions | undefined, instance: string, status: number, work: (a: Actor) => T, location?: (data: T) => string): ApiPromise<T> {
    return apiPromise(
      (async () => {
        options?.signal?.throwIfAborted();
        await Promise.resolve();
        let data: T;
        try {
          data = work(actor());
        } catch (e) {
          if (e instanceof Refusal) throw toApiError(e, `/${instance}`);
          throw e;
        }
        const text = data === undefined ? null : JSON.stringify(data);
        const headers = new Headers(text === null ? {} : { 'content-type': 'application/json' });
        const tag = (data as { etag?: unknown } | undefined)?.etag;
        if (typeof tag === 'string') headers.set('etag', tag);
        if (location !== undefined) headers.set('location', location(data));
        const response = new Response(text, { status: text === null ? 204 : status, headers });
        return { data: (text === null ? undefined : JSON.parse(text)) as T, response };
      })(),
    );
  }

  function list<T>(instance: string, params: { cursor?: string | undefined } & Record<string, unknown>, options: CallOptions | undefined, read: (a: Actor, q: typeof params) => Page<T>): PagePromise<T> {
    return new PagePromise<T>((cursor) => answer(options, instance, 200, (a) => read(a, { ...params, cursor })), params.cursor);
  }

  const ifMatch = (options: UpdateOptions | undefined) => options?.ifMatch;
  const idOf = (op: OperationRef) => (typeof op === 'string' ? op : op.id);

  /** Where a stream resumes: after the event id given, as the server reads Last-Event-ID. */
  function afterSeq(lastEventId: string | undefined, instance: string, otherwise: number): number {
    if (lastEventId === undefined || lastEventId === '') return otherwise;
    if (!/^[0-9]{1,15}$/.test(lastEventId)) {
      throw toApiError(
        new Refusal('invalid-input', 'the event id to resume after is not one this server handed out', {
          errors: [{ pointer: '/header/Last-Event-ID', message: 'must be an event id from this stream', code: 'event-id' }],
        }),
        `/${instance}`,
      );
    }
    return Number(lastEventId);
  }

  const operations: OperationsResource = {
    list: (params = {}, options) => list('v1/operations', params, options, (a, q) => state.listOperations(a, q)),
    get: (op, options) => answer(options, path`v1/operations/${idOf(op)}`, 200, (a) => state.getOperation(a, idOf(op))),
    cancel: (op, options) => answer(options, path`v1/operations/${idOf(op)}/cancel`, 200, (a) => state.cancelOperation(a, idOf(op))),
    events: (op, options = {}) => {
      const id = idOf(op);
      const instance = path`v1/operations/${id}/events`;
      return new EventStream<OperationEvent>({
        connect: async (lastEventId, signal) => {
          const after = afterSeq(lastEventId, instance, 0);
          await answer({ signal }, instance, 200, (a) => state.getOperation(a, id));
          return world.stream(after, (e) => e.operation === id, signal, () => isFinalOperationState(world.operation(id).state));
        },
        parse: parseEvent,
        isFinal: isFinalEvent,
        isOver: async () => isFinalOperationState((await operations.get(id)).state),
        lastEventId: options.lastEventId,
        signal: options.signal,
      });
    },
    wait: (op, options) => waitForOperation(operations, op, options),
  };

  const client: FakeCaravanClient = {
    templates: {
      versions: {
        list: (template, params = {}, options) => list(path`v1/templates/${template}/versions`, params, options, (a, q) => state.listVersions(a, template, q)),
        get: (template, version, options) => answer(options, path`v1/templates/${template}/versions/${version}`, 200, (a) => state.getVersion(a, template, version)),
        create: (template, body, options) =>
          answer(options, path`v1/templates/${template}/versions`, 201, (a) => state.createVersion(a, template, body), (v) => `/${path`v1/templates/${template}/versions/${v.version}`}`),
        update: (template, version, patch, options) => answer(options, path`v1/templates/${template}/versions/${version}`, 200, (a) => state.updateVersion(a, template, version, patch, ifMatch(options))),
        diff: (template, version, against, options) => answer(options, path`v1/templates/${template}/versions/${version}/diff`, 200, (a) => state.diffVersions(a, template, version, against)),
        publish: (template, version, body, options) =>
          answer(options, path`v1/templates/${template}/versions/${version}/publish`, 202, (a) => state.publish(a, template, version, 'publish', body), (op) => `/${path`v1/operations/${op.id}`}`),
        retry: (template, version, body, options) =>
          answer(options, path`v1/templates/${template}/versions/${version}/retry`, 202, (a) => state.publish(a, template, version, 'retry', body), (op) => `/${path`v1/operations/${op.id}`}`),
        release: (template, version, body, options) => answer(options, path`v1/templates/${template}/versions/${version}/release`, 200, (a) => state.moveVersion(a, template, version, 'release', body)),
        deprecate: (template, version, body, options) => answer(options, path`v1/templates/${template}/versions/${version}/deprecate`, 200, (a) => state.moveVersion(a, template, version, 'deprecate', body)),
        restore: (template, version, body, options) => answer(options, path`v1/templates/${template}/versions/${version}/restore`, 200, (a) => state.moveVersion(a, template, version, 'restore', body)),
      },
      list: (params = {}, options) => list('v1/templates', params, options, (a, q) => state.listTemplates(a, q)),
      get: (name, options) => answer(options, path`v1/templates/${name}`, 200, (a) => state.getTemplate(a, name)),
      create: (body, options) => answer(options, 'v1/templates', 201, (a) => state.createTemplate(a, body), (t) => `/${path`v1/templates/${t.name}`}`),
      update: (name, patch, options) => answer(options, path`v1/templates/${name}`, 200, (a) => state.updateTemplate(a, name, patch, ifMatch(options))),
      delete: (name, options) => answer(options, path`v1/templates/${name}`, 204, (a) => state.deleteTemplate(a, name, ifMatch(options))),
    },
    operations,
    tokens: {
      list: (params = {}, options) => list('v1/tokens', params, options, (a, q) => state.listTokens(a, q)),
      create: (body, options) => answer(options, 'v1/tokens', 201, (a) => state.createToken(a, body), (t) => `/${path`v1/tokens/${t.id}`}`),
      delete: (id, options) => answer(options, path`v1/tokens/${id}`, 204, (a) => state.deleteToken(a, id)),
    },
    audit: {
      list: (params = {}, options) => list('v1/audit', params, options, (a, q) => state.listAudit(a, q)),
    },
    registry: {
      sources: {
        list: (options) => answer(options, 'v1/registry/sources', 200, (a) => ({ items: state.listSources(a) })),
        put: (host, body, options) => answer(options, path`v1/registry/sources/${host}`, 200, (a) => state.putSource(a, host, body, ifMatch(options))),
        delete: (host, options) => answer(options, path`v1/registry/sources/${host}`, 204, (a) => state.deleteSource(a, host, ifMatch(options))),
      },
      get: (options) => answer(options, 'v1/registry', 200, (a) => state.getRegistry(a)),
      put: (body, options) => answer(options, 'v1/registry', 200, (a) => state.putRegistry(a, body, ifMatch(options))),
      check: (options) => answer(options, 'v1/registry/check', 200, (a) => state.checkRegistry(a)),
    },
    clusters: {
      list: (params = {}, options) => list('v1/clusters', params, options, (a, q) => state.listClusters(a, q)),
      get: (name, options) => answer(options, path`v1/clusters/${name}`, 200, (a) => state.getCluster(a, name)),
      create: (body, options) => answer(options, 'v1/clusters', 201, (a) => state.createCluster(a, body), (c) => `/${path`v1/clusters/${c.name}`}`),
      update: (name, patch, options) => answer(options, path`v1/clusters/${name}`, 200, (a) => state.updateCluster(a, name, patch, ifMatch(options))),
      delete: (name, options) => answer(options, path`v1/clusters/${name}`, 204, (a) => state.deleteCluster(a, name, ifMatch(options))),
      probe: (name, options) => answer(options, path`v1/clusters/${name}/probe`, 200, (a) => state.probeCluster(a, name)),
    },
    environments: {
      installs: {
        records: {
          list: (environment, install, params = {}, options) =>
            list(path`v1/environments/${environment}/installs/${install}/records`, params, options, (a, q) => state.listRecords(a, environment, install, q)),
          get: (environment, install, record, options) =>
            answer(options, path`v1/environments/${environment}/installs/${install}/records/${record}`, 200, (a) => state.getRecord(a, environment, install, record)),
          rollback: (environment, install, record, body, options) =>
            answer(
              options,
              path`v1/environments/${environment}/installs/${install}/records/${record}/rollback`,
              202,
              (a) => state.rollback(a, environment, install, record, body, ifMatch(options)),
              (op) => `/${path`v1/operations/${op.id}`}`,
            ),
        },
        list: (environment, params = {}, options) => list(path`v1/environments/${environment}/installs`, params, options, (a, q) => state.listInstalls(a, environment, q)),
        get: (environment, name, options) => answer(options, path`v1/environments/${environment}/installs/${name}`, 200, (a) => state.getInstall(a, environment, name)),
        create: (environment, body, options) =>
          answer(options, path`v1/environments/${environment}/installs`, 202, (a) => state.createInstall(a, environment, body), (op) => `/${path`v1/operations/${op.id}`}`),
        update: (environment, name, patch, options) => answer(options, path`v1/environments/${environment}/installs/${name}`, 200, (a) => state.updateInstall(a, environment, name, patch, ifMatch(options))),
        delete: (environment, name, options) =>
          answer(options, path`v1/environments/${environment}/installs/${name}`, 202, (a) => state.uninstall(a, environment, name, ifMatch(options)), (op) => `/${path`v1/operations/${op.id}`}`),
        preview: (environment, name, body, options) => answer(options, path`v1/environments/${environment}/installs/${name}/preview`, 200, (a) => state.previewUpgrade(a, environment, name, body)),
        upgrade: (environment, name, body, options) =>
          answer(options, path`v1/environments/${environment}/installs/${name}/upgrade`, 202, (a) => state.upgrade(a, environment, name, body, ifMatch(options)), (op) => `/${path`v1/operations/${op.id}`}`),
        status: (environment, name, options) => answer(options, path`v1/environments/${environment}/installs/${name}/status`, 200, (a) => state.status(a, environment, name)),
      },
      list: (params = {}, options) => list('v1/environments', params, options, (a, q) => state.listEnvironments(a, q)),
      get: (name, options) => answer(options, path`v1/environments/${name}`, 200, (a) => state.getEnvironment(a, name)),
      create: (body, options) => answer(options, 'v1/environments', 201, (a) => state.createEnvironment(a, body), (e) => `/${path`v1/environments/${e.name}`}`),
      update: (name, patch, options) => answer(options, path`v1/environments/${name}`, 200, (a) => state.updateEnvironment(a, name, patch, ifMatch(options))),
      delete: (name, options) => answer(options, path`v1/environments/${name}`, 204, (a) => state.deleteEnvironment(a, name, ifMatch(options))),
    },
    events: (options = {}) =>
      new EventStream<OperationEvent>({
        connect: async (lastEventId, signal) => {
          // Without an id, the stream starts with what happens next, as the server's does; `0` replays all.
          const after = afterSeq(lastEventId, 'v1/events', world.lastEventSeq);
          const a = await answer({ signal }, 'v1/events', 200, (caller) => caller);
          const visible = (id: string) => {
            const env = world.operations.get(id)?.subject.environment;
            return a.environments === undefined || env === undefined || a.environments.includes(env);
          };
          return world.stream(after, (e) => visible(e.operation), signal);
        },
        parse: parseEvent,
        lastEventId: options.lastEventId,
        signal: options.signal,
      }),
    whoami: (options) => answer(options, 'v1/whoami', 200, (a) => state.whoami(a)),
    health: (options) => apiPromise(healthy(options, { status: 'ok' as const, version: VERSION })),
    ready: (options) => apiPromise(healthy(options, { status: 'ok' as const, version: VERSION, checks: { store: 'ok' as const } })),
    fake: {
      bootstrapToken: state.bootstrapToken,
      as: (other) => clientFor(state, other),
      failRollout: (component, reason = 'CrashLoopBackOff') => {
        if (reason === false) state.failures.rollouts.delete(component);
        else state.failures.rollouts.set(component, reason);
      },
      failImage: (image, reason) => {
        if (reason === false) state.failures.images.delete(image);
        else state.failures.images.set(image, reason);
      },
      settled: () => world.settled(),
    },
  };
  return client;
}

/** Liveness and readiness need no token, as the server's. */
async function healthy<T>(options: CallOptions | undefined, body: T) {
  options?.signal?.throwIfAborted();
  return { data: body, response: new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }) };
}
