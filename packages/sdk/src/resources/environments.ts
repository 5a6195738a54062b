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
import type { PagePromise } from '../pagination.js';
import { path } from '../path.js';
import { newIdempotencyKey, type CallOptions, type Transport, type UpdateOptions, type WriteOptions } from '../transport.js';

export type ListEnvironmentsParams = NonNullable<operations['listEnvironments']['parameters']['query']>;
export type ListInstallsParams = NonNullable<operations['listInstalls']['parameters']['query']>;
export type ListInstallRecordsParams = NonNullable<operations['listInstallRecords']['parameters']['query']>;

export class InstallRecordsResource {
  readonly #t: Transport;
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * An install's records, newest first: await for the first page, or iterate for all.
   * @example
   * for await (const r of client.environments.installs.records.list('production-qingdao', 'shop')) {
   *   console.log(r.number, r.action, r.version, r.outcome);
   * }
   */
  list(environment: string, install: string, params: ListInstallRecordsParams = {}, options: CallOptions = {}): PagePromise<InstallRecord> {
    return this.#t.list<InstallRecord>(path`v1/environments/${environment}/installs/${install}/records`, params, options);
  }

  /**
   * One record, with the exact objects it applied (Secret data reads `<redacted>`).
   * @example
   * const r = await client.environments.installs.records.get('production-qingdao', 'shop', 1);
   * console.log(r.objects.map((o) => `${o.kind}/${o.name}`));
   */
  get(environment: string, install: string, record: number, options: CallOptions = {}): Promise<InstallRecord> {
    return this.#t.json({ method: 'get', path: path`v1/environments/${environment}/installs/${install}/records/${record}`, ...options });
  }

  /**
   * Rolls back to a succeeded record, returning the rollback Operation.
   * The record's exact objects are applied again and what later records added is removed.
   * Another operation on the install throws OperationInProgressError.
   * @example
   * const op = await client.environments.installs.records.rollback('production-qingdao', 'shop', 1, { reason: '1.1 fails checkout' });
   * const done = await client.operations.wait(op);
   */
  rollback(environment: string, install: string, record: number, body: RollbackRequest = {}, options: UpdateOptions = {}): Promise<Operation> {
    return this.#t.json({
      method: 'post',
      path: path`v1/environments/${environment}/installs/${install}/records/${record}/rollback`,
      json: body,
      ...options,
    });
  }
}

export class InstallsResource {
  readonly #t: Transport;
  /** The numbered records of an install; every method takes the environment and install first. */
  readonly records: InstallRecordsResource;

  constructor(transport: Transport) {
    this.#t = transport;
    this.records = new InstallRecordsResource(transport);
  }

  /**
   * An environment's installs by name: await for the first page, or iterate for all.
   * @example
   * for await (const i of client.environments.installs.list('production-qingdao')) console.log(i.name, i.version, i.state);
   */
  list(environment: string, params: ListInstallsParams = {}, options: CallOptions = {}): PagePromise<Install> {
    return this.#t.list<Install>(path`v1/environments/${environment}/installs`, params, options);
  }

  /**
   * One install: its version, state, own values (secret values never) and current record.
   * @example
   * const shop = await client.environments.installs.get('production-qingdao', 'shop');
   * console.log(shop.version, shop.state, shop.secretParameters);
   */
  get(environment: string, name: string, options: CallOptions = {}): Promise<Install> {
    return this.#t.json({ method: 'get', path: path`v1/environments/${environment}/installs/${name}`, ...options });
  }

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
  create(environment: string, body: InstallCreate, options: WriteOptions = {}): Promise<Operation> {
    return this.#t.json({ method: 'post', path: path`v1/environments/${environment}/installs`, json: body, ...options });
  }

  /**
   * Changes an install's description or labels (nothing on the cluster changes).
   * @example
   * const shop = await client.environments.installs.get('production-qingdao', 'shop');
   * await client.environments.installs.update('production-qingdao', 'shop', { description: 'web shop' }, { ifMatch: shop.etag });
   */
  update(environment: string, name: string, patch: InstallPatch, options: UpdateOptions = {}): Promise<Install> {
    return this.#t.json({ method: 'patch', path: path`v1/environments/${environment}/installs/${name}`, json: patch, ...options });
  }

  /**
   * Uninstalls: returns the uninstall Operation. The install and its records are kept.
   * @example
   * const op = await client.environments.installs.delete('test-intranet', 'shop');
   * await client.operations.wait(op);
   */
  delete(environment: string, name: string, options: UpdateOptions = {}): Promise<Operation> {
    // A DELETE that starts work carries a key like a POST, so a retry gets the first answer rather than a 409.
    const idempotencyKey = options.idempotencyKey ?? newIdempotencyKey();
    return this.#t.json({ method: 'delete', path: path`v1/environments/${environment}/installs/${name}`, ...options, idempotencyKey });
  }

  /**
   * What an upgrade with this body would change, applying nothing.
   * Components and parameters between the versions, the install's values, and the rendered objects, field by field.
   * @example
   * const p = await client.environments.installs.preview('production-qingdao', 'shop', { version: '1.1' });
   * for (const c of p.components.changed) console.log(c.name, c.fields.map((f) => f.path));
   * console.log('objects removed:', p.objects.removed.map((o) => `${o.kind}/${o.name}`));
   */
  preview(environment: string, name: string, body: InstallUpgrade, options: WriteOptions = {}): Promise<InstallPreview> {
    return this.#t.json({ method: 'post', path: path`v1/environments/${environment}/installs/${name}/preview`, json: body, ...options });
  }

  /**
   * Upgrades to another version, or changes values only (no `version`); returns the upgrade Operation.
   * Values merge over the stored ones. Another operation on the install throws OperationInProgressError.
   * @example
   * const op = await client.environments.installs.upgrade('production-qingdao', 'shop', { version: '1.1', atomic: true });
   * const done = await client.operations.wait(op, {
   *   onStep: (s) => s.component && console.log(`${s.component}: ${s.ready}/${s.desired}`),
   * });
   */
  upgrade(environment: string, name: string, body: InstallUpgrade, options: UpdateOptions = {}): Promise<Operation> {
    return this.#t.json({ method: 'post', path: path`v1/environments/${environment}/installs/${name}/upgrade`, json: body, ...options });
  }

  /**
   * The install as the cluster shows it now: health per component, and drift of the applied objects.
   * An unreachable cluster throws ClusterUnreachableError.
   * @example
   * const s = await client.environments.installs.status('production-qingdao', 'shop');
   * if (s.health !== 'healthy') console.warn(s.components.filter((c) => c.state !== 'ready'));
   * for (const d of s.drift) console.warn(d.kind, d.name, d.state, d.fields);
   */
  status(environment: string, name: string, options: CallOptions = {}): Promise<InstallStatus> {
    return this.#t.json({ method: 'get', path: path`v1/environments/${environment}/installs/${name}/status`, ...options });
  }
}

export class EnvironmentsResource {
  readonly #t: Transport;
  /** What is installed in an environment; every method takes the environment name first. */
  readonly installs: InstallsResource;

  constructor(transport: Transport) {
    this.#t = transport;
    this.installs = new InstallsResource(transport);
  }

  /**
   * Environments by name, optionally of one cluster or tier: await for the first page, or iterate for all.
   * @example
   * for await (const e of client.environments.list({ tier: 'production' })) console.log(e.name, e.cluster, e.namespace);
   */
  list(params: ListEnvironmentsParams = {}, options: CallOptions = {}): PagePromise<Environment> {
    return this.#t.list<Environment>('v1/environments', params, options);
  }

  /**
   * One environment (secret default values never: `secretDefaults` names them).
   * @example
   * const e = await client.environments.get('production-qingdao');
   * console.log(e.tier, e.policy.allowedStates);
   */
  get(name: string, options: CallOptions = {}): Promise<Environment> {
    return this.#t.json({ method: 'get', path: path`v1/environments/${name}`, ...options });
  }

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
  create(body: EnvironmentCreate, options: WriteOptions = {}): Promise<Environment> {
    return this.#t.json({ method: 'post', path: 'v1/environments', json: body, ...options });
  }

  /**
   * Changes an environment's tier, policy, defaults or labels (its cluster and namespace are fixed).
   * `secretDefaults` merge by name; `null` removes one.
   * @example
   * const e = await client.environments.get('test-intranet');
   * await client.environments.update('test-intranet', { defaults: { components: { web: { replicas: 1 } } } }, { ifMatch: e.etag });
   */
  update(name: string, patch: EnvironmentPatch, options: UpdateOptions = {}): Promise<Environment> {
    return this.#t.json({ method: 'patch', path: path`v1/environments/${name}`, json: patch, ...options });
  }

  /**
   * Deletes an environment with no installs left (else ConflictError); the namespace is left alone.
   * @example
   * await client.environments.delete('scratch');
   */
  async delete(name: string, options: UpdateOptions = {}): Promise<void> {
    await this.#t.send({ method: 'delete', path: path`v1/environments/${name}`, ...options });
  }
}
