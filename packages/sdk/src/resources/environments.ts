/**
 * `client.environments` with `.installs` and `.installs.records`: environments, installs, records.
 * An environment is one namespace of one cluster; an install is a template version in it; each
 * install, upgrade, rollback and uninstall is a numbered record. Long work (install, upgrade,
 * rollback, uninstall) returns an Operation to follow with `client.operations.wait`.
 */
import type {
  Environment,
  EnvironmentCreate,
  EnvironmentPatch,
  Install,
  InstallCreate,
  InstallPatch,
  InstallPreview,
  InstallRecord,
  InstallStatus,
  InstallUpgrade,
  Operation,
  operations,
  RollbackRequest,
} from '@caravan/contracts';
import { call, type ApiPromise } from '../api-promise.js';
import type { PagePromise } from '../pagination.js';
import { path } from '../path.js';
import { type CallOptions, type Transport, type UpdateOptions, type WriteOptions } from '../transport.js';

export type ListEnvironmentsParams = NonNullable<operations['listEnvironments']['parameters']['query']>;
export type ListInstallsParams = NonNullable<operations['listInstalls']['parameters']['query']>;
export type ListInstallRecordsParams = NonNullable<operations['listInstallRecords']['parameters']['query']>;

/** `client.environments.installs.records`: the numbered records of an install. */
export interface InstallRecordsResource {
  /**
   * An install's records, newest first: await for the first page, or iterate for all.
   * @example
   * for await (const r of client.environments.installs.records.list('production-qingdao', 'shop')) {
   *   console.log(r.number, r.action, r.version, r.outcome);
   * }
   */
  list(environment: string, install: string, params?: ListInstallRecordsParams, options?: CallOptions): PagePromise<InstallRecord>;

  /**
   * One record, with the exact objects it applied (Secret data reads `<redacted>`).
   * @example
   * const r = await client.environments.installs.records.get('production-qingdao', 'shop', 1);
   * console.log(r.objects.map((o) => `${o.kind}/${o.name}`));
   */
  get(environment: string, install: string, record: number, options?: CallOptions): ApiPromise<InstallRecord>;

  /**
   * Rolls back to a succeeded record, returning the rollback Operation.
   * The record's exact objects are applied again and what later records added is removed.
   * Another operation on the install throws OperationInProgressError.
   * @example
   * const op = await client.environments.installs.records.rollback('production-qingdao', 'shop', 1, { reason: '1.1 fails checkout' });
   * const done = await client.operations.wait(op);
   */
  rollback(environment: string, install: string, record: number, body?: RollbackRequest, options?: UpdateOptions): ApiPromise<Operation>;
}

/** `client.environments.installs`: what is installed in an environment. */
export interface InstallsResource {
  /** The numbered records of an install; every method takes the environment and install first. */
  readonly records: InstallRecordsResource;

  /**
   * An environment's installs by name: await for the first page, or iterate for all.
   * @example
   * for await (const i of client.environments.installs.list('production-qingdao')) console.log(i.name, i.version, i.state);
   */
  list(environment: string, params?: ListInstallsParams, options?: CallOptions): PagePromise<Install>;

  /**
   * One install: its version, state, own values (secret values never) and current record.
   * @example
   * const shop = await client.environments.installs.get('production-qingdao', 'shop');
   * console.log(shop.version, shop.state, shop.secretParameters);
   */
  get(environment: string, name: string, options?: CallOptions): ApiPromise<Install>;

  /**
   * Installs a template version into an environment and returns the install Operation.
   * A version the environment's policy refuses throws PolicyViolationError.
   * @example
   * const op = await client.environments.installs.create('production-qingdao', {
   *   name: 'shop',
   *   template: 'shop',
   *   version: '1.0',
   *   values: { parameters: { dbPassword: 's3cret' }, components: { web: { replicas: 4, hosts: ['shop.qingdao.example.com'] } } },
   *   atomic: true,
   * });
   * const done = await client.operations.wait(op);
   */
  create(environment: string, body: InstallCreate, options?: WriteOptions): ApiPromise<Operation>;

  /**
   * Changes an install's description or labels (nothing on the cluster changes).
   * @example
   * const shop = await client.environments.installs.get('production-qingdao', 'shop');
   * await client.environments.installs.update('production-qingdao', 'shop', { description: 'web shop' }, { ifMatch: shop.etag });
   */
  update(environment: string, name: string, patch: InstallPatch, options?: UpdateOptions): ApiPromise<Install>;

  /**
   * Uninstalls: returns the uninstall Operation. The install and its records are kept.
   * @example
   * const op = await client.environments.installs.delete('test-intranet', 'shop');
   * await client.operations.wait(op);
   */
  delete(environment: string, name: string, options?: UpdateOptions): ApiPromise<Operation>;

  /**
   * What an upgrade with this body would change, applying nothing.
   * Components and parameters between the versions, the install's values, and the rendered objects, field by field.
   * @example
   * const p = await client.environments.installs.preview('production-qingdao', 'shop', { version: '1.1' });
   * for (const c of p.components.changed) console.log(c.name, c.fields.map((f) => f.path));
   * console.log('objects removed:', p.objects.removed.map((o) => `${o.kind}/${o.name}`));
   */
  preview(environment: string, name: string, body: InstallUpgrade, options?: WriteOptions): ApiPromise<InstallPreview>;

  /**
   * Upgrades to another version, or changes values only (no `version`); returns the upgrade Operation.
   * Values merge over the stored ones. Another operation on the install throws OperationInProgressError.
   * @example
   * const op = await client.environments.installs.upgrade('production-qingdao', 'shop', { version: '1.1', atomic: true });
   * const done = await client.operations.wait(op, {
   *   onStep: (s) => s.component && console.log(`${s.component}: ${s.ready}/${s.desired}`),
   * });
   */
  upgrade(environment: string, name: string, body: InstallUpgrade, options?: UpdateOptions): ApiPromise<Operation>;

  /**
   * The install as the cluster shows it now: health per component, and drift of the applied objects.
   * An unreachable cluster throws ClusterUnreachableError.
   * @example
   * const s = await client.environments.installs.status('production-qingdao', 'shop');
   * if (s.health !== 'healthy') console.warn(s.components.filter((c) => c.state !== 'ready'));
   * for (const d of s.drift) console.warn(d.kind, d.name, d.state, d.fields);
   */
  status(environment: string, name: string, options?: CallOptions): ApiPromise<InstallStatus>;
}

/** `client.environments`: environments and, under `installs`, what is installed in them. */
export interface EnvironmentsResource {
  /** What is installed in an environment; every method takes the environment name first. */
  readonly installs: InstallsResource;

  /**
   * Environments by name, optionally of one cluster or tier: await for the first page, or iterate for all.
   * @example
   * for await (const e of client.environments.list({ tier: 'production' })) console.log(e.name, e.cluster, e.namespace);
   */
  list(params?: ListEnvironmentsParams, options?: CallOptions): PagePromise<Environment>;

  /**
   * One environment (secret default values never: `secretDefaults` names them).
   * @example
   * const e = await client.environments.get('production-qingdao');
   * console.log(e.tier, e.policy.allowedStates);
   */
  get(name: string, options?: CallOptions): ApiPromise<Environment>;

  /**
   * Creates an environment on one namespace of one cluster.
   * Production takes only released versions unless its policy says otherwise.
   * @example
   * await client.environments.create({
   *   name: 'production-qingdao',
   *   cluster: 'aliyun-qingdao',
   *   namespace: 'shop-prod',
   *   tier: 'production',
   *   policy: { allowedStates: ['released'], requiredApprovals: 2 },
   *   secretDefaults: { dbPassword: process.env.QINGDAO_DB_PASSWORD! },
   * });
   */
  create(body: EnvironmentCreate, options?: WriteOptions): ApiPromise<Environment>;

  /**
   * Changes an environment's tier, policy, defaults or labels (its cluster and namespace are fixed).
   * `secretDefaults` merge by name; `null` removes one.
   * @example
   * const e = await client.environments.get('test-intranet');
   * await client.environments.update('test-intranet', { defaults: { components: { web: { replicas: 1 } } } }, { ifMatch: e.etag });
   */
  update(name: string, patch: EnvironmentPatch, options?: UpdateOptions): ApiPromise<Environment>;

  /**
   * Deletes an environment with no installs left (else ConflictError); the namespace is left alone.
   * @example
   * await client.environments.delete('scratch');
   */
  delete(name: string, options?: UpdateOptions): ApiPromise<void>;
}

function installRecordsResource(t: Transport): InstallRecordsResource {
  return {
    list: (environment, install, params = {}, options = {}) => t.list<InstallRecord>(path`v1/environments/${environment}/installs/${install}/records`, params, options),
    get: (environment, install, record, options = {}) => call(t, { method: 'get', path: path`v1/environments/${environment}/installs/${install}/records/${record}`, ...options }),
    rollback: (environment, install, record, body = {}, options = {}) =>
      call(t, { method: 'post', path: path`v1/environments/${environment}/installs/${install}/records/${record}/rollback`, json: body, ...options }),
  };
}

function installsResource(t: Transport): InstallsResource {
  const at = (environment: string, name: string) => path`v1/environments/${environment}/installs/${name}`;
  return {
    records: installRecordsResource(t),
    list: (environment, params = {}, options = {}) => t.list<Install>(path`v1/environments/${environment}/installs`, params, options),
    get: (environment, name, options = {}) => call(t, { method: 'get', path: at(environment, name), ...options }),
    create: (environment, body, options = {}) => call(t, { method: 'post', path: path`v1/environments/${environment}/installs`, json: body, ...options }),
    update: (environment, name, patch, options = {}) => call(t, { method: 'patch', path: at(environment, name), json: patch, ...options }),
    delete: (environment, name, options = {}) => call(t, { method: 'delete', path: at(environment, name), ...options }),
    preview: (environment, name, body, options = {}) => call(t, { method: 'post', path: `${at(environment, name)}/preview`, json: body, ...options }),
    upgrade: (environment, name, body, options = {}) => call(t, { method: 'post', path: `${at(environment, name)}/upgrade`, json: body, ...options }),
    status: (environment, name, options = {}) => call(t, { method: 'get', path: `${at(environment, name)}/status`, ...options }),
  };
}

/** The client's `environments`. Internal: the public type is EnvironmentsResource. */
export function environmentsResource(t: Transport): EnvironmentsResource {
  return {
    installs: installsResource(t),
    list: (params = {}, options = {}) => t.list<Environment>('v1/environments', params, options),
    get: (name, options = {}) => call(t, { method: 'get', path: path`v1/environments/${name}`, ...options }),
    create: (body, options = {}) => call(t, { method: 'post', path: 'v1/environments', json: body, ...options }),
    update: (name, patch, options = {}) => call(t, { method: 'patch', path: path`v1/environments/${name}`, json: patch, ...options }),
    delete: (name, options = {}) => call(t, { method: 'delete', path: path`v1/environments/${name}`, ...options }),
  };
}
