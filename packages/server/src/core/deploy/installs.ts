/**
 * Installs: a version of a template running in an environment, with the
 * environment's own values, and every install, upgrade, rollback and
 * uninstall of it as a numbered record.
 *
 * Each write checks everything it can before anything changes (rights for the
 * environment's tier, the environment's policy for the version's state, the
 * values against the version's parameters), plans the exact objects, and then
 * writes the install, its new record and the operation in one transaction.
 * The operation's lock key (`install:<environment>/<name>`) lets the database
 * refuse a second long operation on the same install, naming the running one.
 */
import type { Install, InstallPreview, InstallRecord, InstallStatus, InstallValues, Operation, RollbackRequest } from '@caravan/contracts';
import type { Actor, InstallsApi, PageRequest } from '../api.js';
import { diffApps } from '../app-model/index.js';
import type { App } from '../app-model/index.js';
import { isoAfter, isoNow } from '../shared/clock.js';
import { actorRef, type CoreContext } from '../shared/context.js';
import { ConflictError, InvalidInputError, isCaravanError, NotFoundError, PolicyViolationError } from '../shared/errors.js';
import { ClusterUnreachableError } from './kube/errors.js';
import { checkPrecondition, etagOf } from '../shared/etag.js';
import { filteredQuery, keysetPage } from '../shared/paging.js';
import { labelsErrors, nameErrors, textErrors, throwIfAny } from '../shared/validate.js';
import { operationToWire } from '../shared/wire.js';
import { SubmitRefused, type OperationEngine } from '../operations/engine.js';
import { checkApp } from '../templates/app-checks.js';
import type { AuditInput, Change, EnvironmentRow, InstallRow, OperationRow, RecordRow } from '../store/port.js';
import type { ClusterConnections } from './connections.js';
import { keyOf, type DeployInput } from './deploy-handler.js';
import { loadEnvironment } from './environments.js';
import { describeFailure } from './failures.js';
import type { KubeObject } from './kube/resources.js';
import { checkPolicy, loadVersion, plan, type RegistryAccess } from './plan.js';
import { changes, drift as driftPaths, pointerToken } from './json-diff.js';
import { openRecordPayload, redactChange, redactObject, sealRecordPayload } from './record-payload.js';
import { workloadStatus, type ComponentStatus } from './rollout/index.js';
import { mergeValues, secretParameterNames, secretValuesBinding, splitSecrets, type SecretValues } from './stored-values.js';
import { valuesShapeErrors } from './render/index.js';
import { mayDeploy } from '../access/deploy-rights.js';

const DEFAULT_TIMEOUT_SECONDS = 300;
const MAX_TIMEOUT_SECONDS = 3600;
/** Room past the rollout deadline for an operation to end by itself (and, when atomic, to return). */
const OPERATION_GRACE_MS = 60_000;

export const lockKeyOf = (environment: string, install: string) => `install:${environment}/${install}`;

export function installToWire(row: InstallRow): Install {
  return {
    name: row.name,
    environment: row.environment,
    template: row.template,
    version: row.version,
    state: row.state,
    values: (row.values as InstallValues | null) ?? {},
    secretParameters: [...row.secretParameters].sort(),
    record: row.record,
    latestRecord: row.latestRecord,
    ...(row.operationId === null ? {} : { operation: row.operationId }),
    ...(row.description === '' ? {} : { description: row.description }),
    labels: { ...row.labels },
    etag: etagOf(row.revision),
    createdAt: row.createdAt,
    createdBy: { id: row.createdBy.id, name: row.createdBy.name },
    updatedAt: row.updatedAt,
  };
}

export function recordToWire(ctx: CoreContext, row: RecordRow): InstallRecord {
  const payload = openRecordPayload(ctx, row);
  const uids = new Map(row.applied.map((a) => [keyOf(a), a.uid]));
  return {
    number: row.number,
    action: row.action,
    template: row.template,
    version: row.version,
    values: (row.values as InstallValues | null) ?? {},
    secretParameters: [...row.secretParameters].sort(),
    outcome: row.outcome,
    ...(row.rollbackOf === null ? {} : { rollbackOf: row.rollbackOf }),
    ...(row.atomicRollback ? { atomicRollback: true } : {}),
    objects: payload.objects.map((o) => {
      const ref = { apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name ?? '' };
      const uid = uids.get(keyOf(ref));
      return { ...ref, ...(uid === undefined ? {} : { uid }), manifest: redactObject(o) as Record<string, unknown> };
    }),
    components: row.components as InstallRecord['components'],
    operation: row.operationId,
    ...(row.error === null || row.error === undefined ? {} : { error: row.error as InstallRecord['error'] }),
    ...(row.reason === null ? {} : { reason: row.reason }),
    startedAt: row.startedAt,
    ...(row.finishedAt === null ? {} : { finishedAt: row.finishedAt }),
    createdBy: { id: row.createdBy.id, name: row.createdBy.name },
  };
}

function timeoutErrors(value: unknown, pointer = '/timeoutSeconds') {
  if (value === undefined) return [];
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_TIMEOUT_SECONDS
    ? []
    : [{ pointer, message: `must be an integer from 1 to ${MAX_TIMEOUT_SECONDS}`, code: 'out-of-range' }];
}

function keepKnown(app: App, values: InstallValues): InstallValues {
  const components = new Set(app.components.map((c) => c.name));
  const parameters = new Set((app.parameters ?? []).map((p) => p.name));
  const kept: InstallValues = {};
  const params = Object.entries(values.parameters ?? {}).filter(([k]) => parameters.has(k));
  const comps = Object.entries(values.components ?? {}).filter(([k]) => components.has(k));
  if (params.length > 0) kept.parameters = Object.fromEntries(params);
  if (comps.length > 0) kept.components = Object.fromEntries(comps);
  return kept;
}

export function createInstallsService(ctx: CoreContext, engine: OperationEngine, connections: ClusterConnections, registry: RegistryAccess): InstallsApi {
  const { store } = ctx;

  const load = async (environment: string, name: string): Promise<InstallRow> => {
    const row = await store.installs.get(environment, name);
    if (row === undefined) throw new NotFoundError(`install ${name} does not exist in environment ${environment}`, { environment, install: name });
    return row;
  };

  const openSecrets = (row: InstallRow): SecretValues =>
    row.secretValuesEnc === null ? {} : (JSON.parse(ctx.box.open(row.secretValuesEnc, secretValuesBinding(row.environment, row.name))) as SecretValues);

  const sealSecrets = (environment: string, name: string, secrets: SecretValues): string | null =>
    Object.keys(secrets).length === 0 ? null : ctx.box.seal(JSON.stringify(secrets), secretValuesBinding(environment, name));

  const auditOf = (actor: Actor, action: string, env: string, name: string, details: Record<string, unknown>): AuditInput => ({
    at: isoNow(ctx.clock),
    actor: actorRef(actor),
    action: `install.${action}`,
    subjectKind: 'install',
    subjectName: `${env}/${name}`,
    ...(details.template === undefined ? {} : { template: details.template as string }),
    ...(details.version === undefined ? {} : { version: details.version as string }),
    ...(details.reason === undefined ? {} : { reason: details.reason as string }),
    details,
  });

  /**
   * Plans record `number` and submits its operation together with the
   * install's new state, in one transaction.
   */
  async function start(
    actor: Actor,
    env: EnvironmentRow,
    kind: 'install' | 'upgrade' | 'rollback' | 'uninstall',
    spec: {
      name: string;
      existing: InstallRow | undefined;
      record: Omit<RecordRow, 'environment' | 'install' | 'number' | 'objectsEnc' | 'applied' | 'outcome' | 'components' | 'operationId' | 'error' | 'finishedAt' | 'startedAt' | 'createdBy'>;
      objects: KubeObject[];
      secrets: SecretValues;
      values: InstallValues;
      atomic: boolean;
      force: boolean;
      timeoutSeconds: number;
      labels?: Record<string, string>;
      description?: string;
      subjectRecord?: number;
      reason?: string;
    },
  ): Promise<Operation> {
    const at = isoNow(ctx.clock);
    const number = (spec.existing?.latestRecord ?? 0) + 1;
    const timeoutMs = spec.timeoutSeconds * 1000;
    const rolloutDeadline = isoAfter(ctx.clock, timeoutMs);
    const secretValuesEnc = sealSecrets(env.name, spec.name, spec.secrets);
    const input: DeployInput = {
      environment: env.name,
      install: spec.name,
      record: number,
      action: spec.record.action,
      atomic: spec.atomic,
      force: spec.force,
      rolloutDeadline,
      timeoutMs,
      values: spec.values,
      secretValuesEnc,
      secretParameters: Object.keys(spec.secrets).sort(),
      previous: spec.existing?.state === 'uninstalled' ? 0 : (spec.existing?.record ?? 0),
    };
    const lockKey = lockKeyOf(env.name, spec.name);
    const record: RecordRow = {
      ...spec.record,
      environment: env.name,
      install: spec.name,
      number,
      objectsEnc: sealRecordPayload(ctx, env.name, spec.name, number, { objects: spec.objects, secrets: spec.secrets }),
      applied: [],
      outcome: 'running',
      components: [],
      operationId: '',
      error: null,
      reason: spec.reason ?? null,
      startedAt: at,
      finishedAt: null,
      createdBy: actorRef(actor),
    };
    const state: InstallRow['state'] = kind === 'install' ? 'installing' : kind === 'upgrade' ? 'upgrading' : kind === 'rollback' ? 'rolling-back' : 'uninstalling';
    // The operation, its record, the install's new state and the audit entry are one transaction: a worker never
    // sees the operation without its rows, and a refused request leaves nothing behind.
    const changesFor = (op: OperationRow): Change[] => [
      { kind: 'record.insert', row: { ...record, operationId: op.id } },
      spec.existing === undefined
        ? {
            kind: 'install.insert',
            row: {
              environment: env.name,
              name: spec.name,
              template: spec.record.template,
              version: spec.record.version,
              state,
              values: spec.values,
              secretValuesEnc,
              secretParameters: input.secretParameters,
              record: 0,
              latestRecord: number,
              operationId: op.id,
              description: spec.description ?? '',
              labels: { ...spec.labels },
              revision: 1,
              createdAt: at,
              createdBy: actorRef(actor),
              updatedAt: at,
            },
          }
        : {
            kind: 'install.update',
            environment: env.name,
            name: spec.name,
            expectedRevision: spec.existing.revision,
            patch: { state, latestRecord: number, operationId: op.id, updatedAt: at, ...(spec.existing.state === 'uninstalled' && spec.labels !== undefined ? { labels: { ...spec.labels } } : {}) },
          },
      { kind: 'audit', entry: auditOf(actor, kind, env.name, spec.name, { template: spec.record.template, version: spec.record.version, record: number, operation: op.id, ...(spec.reason ? { reason: spec.reason } : {}) }) },
    ];
    let op: OperationRow;
    try {
      op = await engine.submit(
        {
          kind,
          subject: { environment: env.name, install: spec.name, ...(spec.subjectRecord === undefined ? {} : { record: String(spec.subjectRecord) }) },
          input,
          actor,
          lockKey,
          deadlineMs: (spec.atomic ? 2 * timeoutMs : timeoutMs) + OPERATION_GRACE_MS,
        },
        changesFor,
      );
    } catch (e) {
      if (!(e instanceof SubmitRefused)) throw e;
      if (e.why === 'conflict' && spec.existing === undefined) throw new ConflictError(`install ${spec.name} already exists in environment ${env.name}`, { install: spec.name });
      throw new ConflictError(`install ${spec.name} changed meanwhile; read it again and retry`, { install: spec.name });
    }
    return operationToWire((await store.operations.get(op.id)) ?? op);
  }

  const envFor = async (actor: Actor, environment: string, doing: string, write = false): Promise<EnvironmentRow> => {
    const env = await loadEnvironment(ctx, environment);
    mayDeploy(actor, env, doing, write);
    return env;
  };

  /** The values an upgrade would run with, and its plan. */
  async function planUpgrade(env: EnvironmentRow, row: InstallRow, input: { version?: string; values?: InstallValues; resetValues?: boolean }) {
    const version = await loadVersion(ctx, row.template, input.version ?? row.version);
    checkPolicy(env, version);
    const app = checkApp(version.app) as App;
    throwIfAny(valuesShapeErrors(input.values, '/values'), 'the values are not valid');
    const given = splitSecrets(app, input.values);
    // Stored values of components and parameters the new version no longer has are left behind (shown by the
    // preview); values given in this request for unknown names are still refused.
    const stored = input.resetValues === true ? {} : keepKnown(app, (row.values as InstallValues | null) ?? {});
    const kept = openSecrets(row);
    // Generated secrets stay even on reset: a database password must not change under a running database.
    const keptSecrets = input.resetValues === true ? Object.fromEntries(Object.entries(kept).filter(([k]) => app.parameters?.find((p) => p.name === k)?.generate === true)) : kept;
    const values = mergeValues(stored, given.plain);
    const p = await plan(ctx, registry, { env, version, install: row.name, values, secrets: { ...keptSecrets, ...given.secrets } });
    return { version, values, plan: p };
  }

  return {
    async list(actor, environment, page?: PageRequest & { template?: string }) {
      await envFor(actor, environment, 'listing installs');
      const template = page?.template;
      const query = (after: string | undefined, limit: number) => store.installs.list(environment, { ...(after === undefined ? {} : { after }), limit });
      return keysetPage(`installs:${environment}`, page, template === undefined ? query : filteredQuery(query, (r) => r.template === template, (r) => r.name), (r) => r.name, installToWire);
    },

    async get(actor, environment, name) {
      await envFor(actor, environment, 'reading an install');
      return installToWire(await load(environment, name));
    },

    async create(actor, environment, input) {
      throwIfAny(
        [
          ...nameErrors(input.name, '/name', 'the install name'),
          ...nameErrors(input.template, '/template', 'the template name'),
          ...labelsErrors(input.labels, '/labels'),
          ...textErrors(input.description, '/description'),
          ...timeoutErrors(input.timeoutSeconds),
          ...valuesShapeErrors(input.values, '/values'),
        ],
        'the install is not valid',
      );
      const env = await envFor(actor, environment, 'installing', true);
      const version = await loadVersion(ctx, input.template, input.version);
      checkPolicy(env, version);
      const existing = await store.installs.get(environment, input.name);
      if (existing !== undefined && existing.state !== 'uninstalled') {
        throw new ConflictError(`install ${input.name} already exists in environment ${environment} (${existing.template} ${existing.version}, ${existing.state}); upgrade it instead`, {
          install: input.name,
        });
      }
      const app = checkApp(version.app) as App;
      const given = splitSecrets(app, input.values);
      // Installing again under an uninstalled name keeps its generated secrets (its claims may still hold data).
      const kept = existing === undefined ? {} : openSecrets(existing);
      const p = await plan(ctx, registry, { env, version, install: input.name, values: given.plain, secrets: { ...kept, ...given.secrets } });
      return start(actor, env, 'install', {
        name: input.name,
        existing,
        record: { action: 'install', template: version.template, version: version.version, values: given.plain, secretParameters: Object.keys(p.secrets).sort(), rollbackOf: null, atomicRollback: false, reason: null },
        objects: p.objects,
        secrets: p.secrets,
        values: given.plain,
        atomic: input.atomic === true,
        force: input.force === true,
        timeoutSeconds: input.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
        ...(input.labels === undefined ? {} : { labels: input.labels }),
        ...(input.description === undefined ? {} : { description: input.description }),
      });
    },

    async update(actor, environment, name, patch, pre) {
      await envFor(actor, environment, 'editing an install', true);
      const row = await load(environment, name);
      checkPrecondition(pre, row.revision, `install ${name}`);
      throwIfAny([...labelsErrors(patch.labels, '/labels'), ...textErrors(patch.description, '/description')], 'the install patch is not valid');
      const written = await store.commit({
        changes: [
          {
            kind: 'install.update',
            environment,
            name,
            expectedRevision: row.revision,
            patch: {
              ...(patch.labels === undefined ? {} : { labels: { ...patch.labels } }),
              ...(patch.description === undefined ? {} : { description: patch.description }),
              updatedAt: isoNow(ctx.clock),
            },
          },
          { kind: 'audit', entry: auditOf(actor, 'update', environment, name, { fields: Object.keys(patch) }) },
        ],
      });
      if (!written.ok) throw new ConflictError(`install ${name} changed meanwhile; read it again and retry`, { install: name });
      return installToWire(await load(environment, name));
    },

    async uninstall(actor, environment, name, input, pre) {
      const env = await envFor(actor, environment, 'uninstalling', true);
      const row = await load(environment, name);
      checkPrecondition(pre, row.revision, `install ${name}`);
      if (row.state === 'uninstalled') throw new ConflictError(`install ${name} is already uninstalled`, { install: name });
      throwIfAny(textErrors(input?.reason, '/reason'), 'the request is not valid');
      return start(actor, env, 'uninstall', {
        name,
        existing: row,
        record: { action: 'uninstall', template: row.template, version: row.version, values: row.values, secretParameters: [], rollbackOf: null, atomicRollback: false, reason: input?.reason ?? null },
        objects: [],
        // Kept: a StatefulSet's claims outlive it, so a later install must find the same generated passwords.
        secrets: openSecrets(row),
        values: (row.values as InstallValues | null) ?? {},
        atomic: false,
        force: false,
        timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
        ...(input?.reason === undefined ? {} : { reason: input.reason }),
      });
    },

    async preview(actor, environment, name, input) {
      const env = await envFor(actor, environment, 'previewing an upgrade');
      const row = await load(environment, name);
      throwIfAny([...timeoutErrors(input.timeoutSeconds)], 'the request is not valid');
      const next = await planUpgrade(env, row, input);
      const currentRecord = row.record > 0 ? await store.records.get(environment, name, row.record) : undefined;
      const before = currentRecord === undefined ? [] : openRecordPayload(ctx, currentRecord).objects;
      const fromVersion = await loadVersion(ctx, row.template, row.version);
      const appDiff = diffApps(checkApp(fromVersion.app) as App, next.plan.app);
      const beforeByKey = new Map(before.map((o) => [keyOf({ ...o, namespace: o.metadata.namespace ?? '', name: o.metadata.name ?? '' }), o]));
      const afterByKey = new Map(next.plan.objects.map((o) => [keyOf({ ...o, namespace: o.metadata.namespace ?? '', name: o.metadata.name ?? '' }), o]));
      const ref = (o: KubeObject) => ({ apiVersion: o.apiVersion, kind: o.kind, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}), name: o.metadata.name ?? '' });
      // Compared in clear, so a changed password is listed; shown redacted, so it is never seen.
      const changed = [...afterByKey.entries()]
        .filter(([k]) => beforeByKey.has(k))
        .map(([k, o]) => ({ ...ref(o), fields: changes(beforeByKey.get(k)!, o).map((c) => (o.kind === 'Secret' ? redactChange(c, /^\/(data|stringData)\//) : c)) }))
        .filter((c) => c.fields.length > 0);
      const secretNames = secretParameterNames(next.plan.app);
      const secretsBefore = openSecrets(row);
      const secretChanges = [...secretNames]
        .sort()
        .flatMap((p) => changes(secretsBefore[p], next.plan.secrets[p], `/parameters/${pointerToken(p)}`))
        .map((c) => redactChange(c, /^/));
      const valuesBefore = (row.values as InstallValues | null) ?? {};
      const preview: InstallPreview = {
        from: row.version,
        to: next.version.version,
        components: appDiff.components,
        parameters: appDiff.parameters,
        values: [...changes(valuesBefore, next.values), ...secretChanges].sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0)),
        objects: {
          added: [...afterByKey.entries()].filter(([k]) => !beforeByKey.has(k)).map(([, o]) => ref(o)),
          removed: [...beforeByKey.entries()].filter(([k]) => !afterByKey.has(k)).map(([, o]) => ref(o)),
          changed,
        },
      };
      return preview;
    },

    async upgrade(actor, environment, name, input, pre) {
      throwIfAny([...timeoutErrors(input.timeoutSeconds), ...textErrors(input.reason, '/reason')], 'the upgrade is not valid');
      const env = await envFor(actor, environment, 'upgrading', true);
      const row = await load(environment, name);
      checkPrecondition(pre, row.revision, `install ${name}`);
      if (row.state === 'uninstalled') throw new ConflictError(`install ${name} is uninstalled; install it again instead`, { install: name });
      const next = await planUpgrade(env, row, input);
      return start(actor, env, 'upgrade', {
        name,
        existing: row,
        record: {
          action: 'upgrade',
          template: row.template,
          version: next.version.version,
          values: next.values,
          secretParameters: Object.keys(next.plan.secrets).sort(),
          rollbackOf: null,
          atomicRollback: false,
          reason: input.reason ?? null,
        },
        objects: next.plan.objects,
        secrets: next.plan.secrets,
        values: next.values,
        atomic: input.atomic === true,
        force: input.force === true,
        timeoutSeconds: input.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
        ...(input.reason === undefined ? {} : { reason: input.reason }),
      });
    },

    async status(actor, environment, name): Promise<InstallStatus> {
      const env = await envFor(actor, environment, 'reading an install');
      const row = await load(environment, name);
      const checkedAt = isoNow(ctx.clock);
      const base = { environment, install: name, checkedAt };
      if (row.record === 0) return { ...base, health: 'missing', components: [], drift: [] };
      const rec = await store.records.get(environment, name, row.record);
      if (rec === undefined) return { ...base, health: 'unknown', components: [], drift: [] };
      const objects = openRecordPayload(ctx, rec).objects;
      try {
        const { client } = await connections.forCluster(env.cluster);
        const signal = AbortSignal.timeout(15_000);
        const live = await Promise.all(objects.map((o) => client.get({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace ?? env.namespace, name: o.metadata.name ?? '' }, { signal })));
        const drift: InstallStatus['drift'] = [];
        const components: ComponentStatus[] = [];
        for (const [i, o] of objects.entries()) {
          const l = live[i];
          const ref = { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name ?? '' };
          if (l === undefined) drift.push({ ...ref, state: 'missing' });
          else {
            const { metadata: _m, ...appliedBody } = o;
            const { metadata: _lm, ...liveBody } = l;
            const fields = [
              ...driftPaths(o.metadata.labels ?? {}, l.metadata.labels ?? {}, '/metadata/labels'),
              ...driftPaths(appliedBody, liveBody),
            ].filter((p) => !p.startsWith('/status'));
            if (fields.length > 0) drift.push({ ...ref, state: 'changed', fields });
          }
          const kind = ({ Deployment: 'stateless', StatefulSet: 'stateful', Job: 'job', CronJob: 'cronjob' } as const)[o.kind as 'Deployment'];
          if (kind !== undefined) {
            const selector = (l?.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector?.matchLabels;
            const pods =
              l === undefined || selector === undefined
                ? []
                : (await client.list('v1', 'Pod', o.metadata.namespace, { labelSelector: Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(','), signal })).items;
            components.push(workloadStatus(o.metadata.labels?.['app.kubernetes.io/name'] ?? o.metadata.name ?? '', kind, l, pods, ctx.clock.now()));
          }
        }
        const health: InstallStatus['health'] =
          components.length > 0 && components.every((c) => c.state === 'pending' && c.reason === 'NotFound')
            ? 'missing'
            : components.some((c) => c.state === 'failed')
              ? 'degraded'
              : components.some((c) => c.state !== 'ready')
                ? 'progressing'
                : 'healthy';
        return { ...base, record: row.record, health, components, drift };
      } catch (e) {
        // The contract answers an unreachable or refusing cluster with 502: a live view that could not be had is no view.
        if (isCaravanError(e) && (e.kind === 'cluster-unreachable' || e.kind === 'kubernetes-error')) throw e;
        if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) {
          throw new ClusterUnreachableError(env.cluster, 'timeout', describeFailure(e), undefined, { cause: e });
        }
        throw e;
      }
    },

    records: {
      async list(actor, environment, install, page?: PageRequest) {
        await envFor(actor, environment, 'listing records');
        await load(environment, install);
        return keysetPage(
          `records:${environment}/${install}`,
          page,
          (after, limit) => store.records.list(environment, install, { ...(after === undefined ? {} : { after }), limit }),
          (r) => String(r.number),
          (r) => recordToWire(ctx, r),
        );
      },

      async get(actor, environment, install, number) {
        await envFor(actor, environment, 'reading a record');
        const row = await store.records.get(environment, install, number);
        if (row === undefined) throw new NotFoundError(`install ${install} in ${environment} has no record ${number}`, { environment, install, record: number });
        return recordToWire(ctx, row);
      },

      async rollback(actor, environment, install, number, input?: RollbackRequest, pre?) {
        throwIfAny([...timeoutErrors(input?.timeoutSeconds), ...textErrors(input?.reason, '/reason')], 'the rollback is not valid');
        const env = await envFor(actor, environment, 'rolling back', true);
        const row = await load(environment, install);
        checkPrecondition(pre, row.revision, `install ${install}`);
        const target = await store.records.get(environment, install, number);
        if (target === undefined) throw new NotFoundError(`install ${install} in ${environment} has no record ${number}`, { environment, install, record: number });
        if (target.action === 'uninstall') throw new InvalidInputError(`record ${number} is an uninstall: it has nothing to roll back to`, [{ pointer: '/record', message: 'an uninstall record', code: 'invalid' }]);
        if (target.outcome !== 'succeeded') {
          throw new ConflictError(`record ${number} ${target.outcome === 'running' ? 'is still running' : 'failed'}: roll back to a record that succeeded`, { record: number, outcome: target.outcome });
        }
        // The version must still be allowed here: rolling production back onto a version since deprecated is refused.
        const version = await loadVersion(ctx, target.template, target.version);
                if (version.state === 'deprecated') {
          throw new PolicyViolationError(`version ${target.version} has been deprecated since record ${number}: roll back to another record or restore the version first`, 'deprecated');
        }
        const payload = openRecordPayload(ctx, target);
        return start(actor, env, 'rollback', {
          name: install,
          existing: row,
          record: {
            action: 'rollback',
            template: target.template,
            version: target.version,
            values: target.values,
            secretParameters: target.secretParameters,
            rollbackOf: number,
            atomicRollback: false,
            reason: input?.reason ?? null,
          },
          // Never a re-render: the exact objects of the record, its secrets from its own sealed copy.
          objects: payload.objects,
          secrets: payload.secrets,
          values: (target.values as InstallValues | null) ?? {},
          atomic: input?.atomic === true,
          force: input?.force === true,
          timeoutSeconds: input?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
          subjectRecord: number,
          ...(input?.reason === undefined ? {} : { reason: input.reason }),
        });
      },
    },
  };
}

