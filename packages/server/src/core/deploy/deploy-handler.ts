/**
 * The operation handler of install, upgrade, rollback and uninstall: one
 * engine for all four, since each is "make the cluster hold this record's
 * objects". A run:
 *
 * 1. creates the namespace when the environment allows it;
 * 2. applies the record's exact objects (sealed in the record since the
 *    request) with server-side apply, in the renderer's order: pull secret,
 *    secrets and config, claims, services, workloads in dependency order;
 * 3. prunes what earlier records applied and this one does not, with the
 *    recorded uid as a precondition (a namesake someone recreated is left
 *    alone) and background propagation;
 * 4. waits for every workload's rollout until the deadline, with per-component
 *    steps (ready of desired) that `operations.wait` streams.
 *
 * Every step is idempotent, so a run resumed after a crash simply runs again.
 * An `atomic` run whose rollout fails restores the record that was live
 * before it (a new rollback record, marked atomic), or removes what a failed
 * first install applied. The record's outcome, the install's state and the
 * operation's end are written in one transaction fenced on the lease.
 */
import type { InstallValues, Problem } from '@caravan/contracts';
import { SYSTEM_ACTOR, actorRef, type CoreContext } from '../shared/context.js';
import { isoNow } from '../shared/clock.js';
import { parseQuantity } from '../app-model/index.js';
import { mapBounded } from '../shared/bounded.js';
import { isCaravanError } from '../shared/errors.js';
import { sleep } from '../shared/sleep.js';
import { problem } from '../shared/wire.js';
import type { HandlerOutcome, OperationHandler, OperationRunContext } from '../operations/engine.js';
import type { AppliedObjectRef, Change, InstallRow, OperationRow, RecordAction, RecordRow } from '../store/port.js';
import type { ClusterClient } from './cluster-port.js';
import type { ClusterConnections } from './connections.js';
import { loadEnvironment } from './environments.js';
import { describeFailure } from './failures.js';
import { UidPreconditionError, FieldConflictError as KubeFieldConflictError } from './kube/errors.js';
import type { KubeObject } from './kube/resources.js';
import { workloadStatus, type ComponentStatus } from './rollout/index.js';
import { openRecordPayload, sealRecordPayload, type RecordPayload } from './record-payload.js';

export const DEPLOY_KINDS = ['install', 'upgrade', 'rollback', 'uninstall'] as const;
export type DeployKind = (typeof DEPLOY_KINDS)[number];

/** What a deploy operation carries from its request. */
export interface DeployInput {
  readonly environment: string;
  readonly install: string;
  /** The record this operation writes. */
  readonly record: number;
  readonly action: RecordAction;
  readonly atomic: boolean;
  readonly force: boolean;
  /** The rollout must be ready by then. */
  readonly rolloutDeadline: string;
  readonly timeoutMs: number;
  /** The install's own values and sealed secrets once this record is live. */
  readonly values: InstallValues;
  readonly secretValuesEnc: string | null;
  readonly secretParameters: string[];
  /** The record that was live when the request came (0: none), for an atomic return. */
  readonly previous: number;
}

export interface DeployOptions {
  /** How often a rollout is looked at (default 1 s). */
  readonly pollMs?: number;
}

/** The API server's status of a refused call, as any cluster client's errors carry it (the contract's `kubernetesStatus`). */
function kubeStatusOf(e: unknown): { code?: number; message?: string } | undefined {
  return (e as { details?: { kubernetesStatus?: { code?: number; message?: string } } }).details?.kubernetesStatus;
}

/** Server-side applies in flight per cluster and record: enough to hide round trips, few enough not to crowd an API server. */
const APPLY_CONCURRENCY = 8;
const WORKLOAD_KINDS: Record<string, ComponentStatus['kind']> = { Deployment: 'stateless', StatefulSet: 'stateful', Job: 'job', CronJob: 'cronjob' };

export const keyOf = (o: { apiVersion: string; kind: string; namespace?: string; name: string }) => `${o.apiVersion}|${o.kind}|${o.namespace ?? ''}|${o.name}`;

function refOfObject(o: KubeObject): AppliedObjectRef {
  return { apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name ?? '' };
}

/** A core error as an operation's problem document, with its details as extension members. */
export function failureProblem(e: unknown): Problem {
  if (e instanceof KubeFieldConflictError) {
    const conflicts = (e.details?.conflicts as unknown[] | undefined) ?? [];
    return problem('field-conflict', `${e.message}; retry with force to take these fields over`, { conflicts });
  }
  if (isCaravanError(e)) {
    if (e.kind === 'cluster-unreachable' || e.kind === 'kubernetes-error') {
      const { server: _s, ...extra } = e.details ?? {};
      return problem(e.kind, e.message, extra);
    }
    if (e.kind === 'not-found' || e.kind === 'invalid-input' || e.kind === 'conflict' || e.kind === 'policy-violation') return problem(e.kind, e.message);
  }
  return problem('operation-failed', describeFailure(e));
}

export function createDeployHandlers(ctx: CoreContext, connections: ClusterConnections, options: DeployOptions = {}): OperationHandler[] {
  const pollMs = options.pollMs ?? 1_000;
  const { store } = ctx;

  const loadInstall = async (env: string, name: string): Promise<InstallRow> => {
    const row = await store.installs.get(env, name);
    if (row === undefined) throw new Error(`install ${env}/${name} is gone`);
    return row;
  };
  const loadRecord = async (env: string, install: string, n: number): Promise<RecordRow> => {
    const row = await store.records.get(env, install, n);
    if (row === undefined) throw new Error(`record ${n} of ${env}/${install} is gone`);
    return row;
  };

  /** Every object that records since the last uninstall applied, newest uid first, except `except`. */
  const appliedBefore = async (env: string, install: string, except: ReadonlySet<number>): Promise<Map<string, AppliedObjectRef>> => {
    const out = new Map<string, AppliedObjectRef>();
    for (let after: string | undefined; ; ) {
      const rows = await store.records.list(env, install, { ...(after === undefined ? {} : { after }), limit: 100 });
      for (const r of rows) {
        if (except.has(r.number)) continue;
        if (r.action === 'uninstall' && r.outcome === 'succeeded') return out;
        for (const ref of r.applied) if (!out.has(keyOf(ref))) out.set(keyOf(ref), ref);
      }
      if (rows.length < 100) return out;
      after = String(rows[rows.length - 1]!.number);
    }
  };

  /**
   * One server-side apply, and the two changes Kubernetes refuses to make in place:
   * - A Job's pod template is immutable: a changed Job is deleted (its pods with it) and created again, as a
   *   new run of the job.
   * - A StatefulSet's volume claim templates are immutable: the StatefulSet is deleted with its pods orphaned
   *   and created again, as `kubectl delete --cascade=orphan` then apply would; the new one adopts the running
   *   pods and their claims (claims are named by template and ordinal, so the data stays where it was).
   *   Existing claims keep their size: Kubernetes grows a claim only when the claim itself is edited.
   */
  async function applyOne(run: OperationRunContext, client: ClusterClient, obj: KubeObject, force: boolean) {
    try {
      return await client.apply(obj, { force, signal: run.signal });
    } catch (e) {
      const status = kubeStatusOf(e);
      const replace =
        status?.code !== 422
          ? undefined
          : obj.kind === 'Job'
            ? { policy: 'Foreground' as const, why: `job ${obj.metadata.name} changed its pod template, which Kubernetes does not allow: running it anew` }
            : obj.kind === 'StatefulSet' && /updates to statefulset spec for fields other than/i.test(status.message ?? '')
              ? {
                  policy: 'Orphan' as const,
                  why: `statefulset ${obj.metadata.name} changed a field Kubernetes keeps fixed (its volume claim templates): replacing it, keeping its pods and claims; existing claims keep their size`,
                }
              : undefined;
      if (replace === undefined) throw e;
      await run.log(replace.why, replace.policy === 'Orphan' ? 'warn' : 'info');
      await client.delete(refOfObject(obj), { propagationPolicy: replace.policy, signal: run.signal });
      for (let i = 0; i < 60 && (await client.get(refOfObject(obj), { signal: run.signal })) !== undefined; i++) await sleep(500, run.signal);
      return client.apply(obj, { force, signal: run.signal });
    }
  }

  /**
   * A StatefulSet's claims are made once, from its templates; a version that asks for a bigger volume gets a
   * new template (see applyOne) but not bigger claims. So each existing claim smaller than its template asks is
   * asked to grow, as `kubectl patch pvc` would: Kubernetes expands it when its StorageClass allows it, and
   * refuses otherwise, which is a warning, not a failed rollout (the data is safe at the old size). Claims
   * never shrink: a rollback to a smaller size leaves them as they are.
   */
  async function growClaims(run: OperationRunContext, client: ClusterClient, sts: KubeObject): Promise<void> {
    const spec = sts.spec as { replicas?: number; volumeClaimTemplates?: { metadata?: { name?: string }; spec?: { resources?: { requests?: { storage?: string } } } }[] };
    const namespace = sts.metadata.namespace ?? '';
    for (const template of spec.volumeClaimTemplates ?? []) {
      const want = template.spec?.resources?.requests?.storage;
      const wantBytes = want === undefined ? undefined : parseQuantity(want)?.value;
      if (want === undefined || wantBytes === undefined) continue;
      for (let ordinal = 0; ordinal < (spec.replicas ?? 1); ordinal++) {
        const name = `${template.metadata?.name}-${sts.metadata.name}-${ordinal}`;
        const live = await client.get({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace, name }, { signal: run.signal });
        const has = (live?.spec as { resources?: { requests?: { storage?: string } } } | undefined)?.resources?.requests?.storage;
        const hasBytes = has === undefined ? undefined : parseQuantity(has)?.value;
        if (hasBytes === undefined || hasBytes >= wantBytes) continue;
        try {
          // Only the size, forced: the StatefulSet controller made the claim and owns the rest of it.
          await client.apply({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace }, spec: { resources: { requests: { storage: want } } } }, { force: true, signal: run.signal });
          await run.log(`claim ${name} asked to grow from ${has} to ${want}`);
        } catch (e) {
          const status = kubeStatusOf(e);
          if (status?.code !== 403 && status?.code !== 422) throw e;
          await run.log(`claim ${name} stays at ${has}: Kubernetes refused to grow it to ${want} (its StorageClass must allow volume expansion): ${status.message ?? ''}`, 'warn');
        }
      }
    }
  }

  /**
   * Applies the record's objects in two waves: everything the workloads use (Secrets, ConfigMaps, claims,
   * Services, Ingresses), then the workloads, each wave a few objects at a time. One object after another
   * spent most of an install waiting on round trips; the waves keep what matters of the render's order
   * (a pod never starts before its Secret or claim exists).
   */
  async function applyAll(run: OperationRunContext, client: ClusterClient, rec: RecordRow, objects: KubeObject[], force: boolean): Promise<AppliedObjectRef[]> {
    const step = `apply record ${rec.number}`;
    await run.setStep(step, { state: 'running', message: `${objects.length} objects` });
    const applyObject = async (obj: KubeObject): Promise<AppliedObjectRef> => {
      let res;
      try {
        res = await applyOne(run, client, obj, force);
      } catch (e) {
        // Name the object in each conflict: the problem document lists them across objects.
        if (e instanceof KubeFieldConflictError) {
          (e.details as Record<string, unknown>).conflicts = e.conflicts.map((c) => ({ object: `${obj.kind}/${obj.metadata.name}`, manager: c.manager, field: c.field }));
        }
        throw e;
      }
      return { ...refOfObject(obj), ...(res.object.metadata.uid === undefined ? {} : { uid: res.object.metadata.uid }) };
    };
    const isWorkload = (o: KubeObject) => WORKLOAD_KINDS[o.kind] !== undefined;
    const applied = [
      ...(await mapBounded(objects.filter((o) => !isWorkload(o)), APPLY_CONCURRENCY, applyObject)),
      ...(await mapBounded(objects.filter(isWorkload), APPLY_CONCURRENCY, applyObject)),
    ];
    for (const sts of objects.filter((o) => o.kind === 'StatefulSet')) await growClaims(run, client, sts);
    await run.commit([{ kind: 'record.update', environment: rec.environment, install: rec.install, number: rec.number, patch: { applied } }]);
    await run.setStep(step, { state: 'succeeded', message: `${objects.length} objects applied` });
    return applied;
  }

  async function prune(run: OperationRunContext, client: ClusterClient, rec: RecordRow, keep: readonly KubeObject[]): Promise<number> {
    const keepKeys = new Set(keep.map((o) => keyOf(refOfObject(o))));
    const candidates = [...(await appliedBefore(rec.environment, rec.install, new Set([rec.number]))).values()].filter((r) => !keepKeys.has(keyOf(r)));
    if (candidates.length === 0) return 0;
    const step = `prune record ${rec.number}`;
    await run.setStep(step, { state: 'running', message: `${candidates.length} objects` });
    // Workloads first, so pods stop before the config and services they use disappear.
    const order = (r: AppliedObjectRef) => (WORKLOAD_KINDS[r.kind] !== undefined ? 0 : 1);
    let deleted = 0;
    for (const ref of candidates.sort((a, b) => order(a) - order(b))) {
      try {
        if (await client.delete(ref, { ...(ref.uid === undefined ? {} : { uid: ref.uid }), signal: run.signal })) deleted++;
      } catch (e) {
        if (!(e instanceof UidPreconditionError)) throw e;
        await run.log(`left ${ref.kind} ${ref.name} alone: it was recreated by someone else since Caravan applied it`, 'warn');
      }
    }
    await run.setStep(step, { state: 'succeeded', message: `${deleted} objects removed` });
    return deleted;
  }

  /** Waits until every workload is ready, one fails, or the deadline passes; steps show ready of desired per component. */
  async function waitRollout(run: OperationRunContext, client: ClusterClient, objects: KubeObject[], deadline: number): Promise<{ ok: boolean; components: ComponentStatus[]; error?: Problem }> {
    const workloads = objects.filter((o) => WORKLOAD_KINDS[o.kind] !== undefined);
    const stepOf = (name: string) => `rollout ${name}`;
    const seen = new Map<string, string>();
    let last: ComponentStatus[] = [];
    for (;;) {
      let transient: unknown;
      try {
        last = await Promise.all(
          workloads.map(async (w) => {
            const component = w.metadata.labels?.['app.kubernetes.io/name'] ?? w.metadata.name ?? '';
            const live = await client.get(refOfObject(w), { signal: run.signal });
            const selector = (live?.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector?.matchLabels;
            const pods =
              live === undefined || selector === undefined
                ? []
                : (await client.list('v1', 'Pod', w.metadata.namespace, { labelSelector: Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(','), signal: run.signal })).items;
            return workloadStatus(component, WORKLOAD_KINDS[w.kind]!, live, pods, ctx.clock.now());
          }),
        );
      } catch (e) {
        if (run.signal.aborted) throw e;
        // A cluster that stops answering mid-rollout may come back before the deadline.
        transient = e;
      }
      if (transient === undefined) {
        for (const c of last) {
          const desired = c.replicas ?? 0;
          const ready = c.kind === 'job' ? (c.state === 'ready' ? Math.max(1, desired) : 0) : Math.min(c.readyReplicas ?? 0, c.updatedReplicas ?? c.readyReplicas ?? 0);
          const fingerprint = `${c.state}|${ready}|${desired}|${c.message ?? ''}`;
          if (seen.get(c.name) === fingerprint) continue;
          seen.set(c.name, fingerprint);
          await run.setStep(stepOf(c.name), {
            state: c.state === 'ready' ? 'succeeded' : c.state === 'failed' ? 'failed' : 'running',
            component: c.name,
            ready,
            desired,
            // Always set, so a component that became ready drops the message of its last wait.
            message: c.message === undefined ? undefined : c.reason ? `${c.reason}: ${c.message}` : c.message,
          });
        }
        const failed = last.filter((c) => c.state === 'failed');
        if (failed.length > 0) {
          return {
            ok: false,
            components: last,
            error: problem('rollout-failed', `${failed.map((c) => `${c.name}: ${c.reason ?? c.message ?? 'failed'}`).join('; ')}`, { components: failed }),
          };
        }
        if (last.every((c) => c.state === 'ready')) return { ok: true, components: last };
      }
      if (ctx.clock.now().getTime() >= deadline) {
        const waiting = last.filter((c) => c.state !== 'ready');
        const why = transient !== undefined ? ` (the cluster did not answer: ${describeFailure(transient)})` : '';
        return {
          ok: false,
          components: last,
          error: problem(
            'rollout-deadline-exceeded',
            `not ready by ${new Date(deadline).toISOString()}: ${waiting.map((c) => `${c.name} ${c.reason ?? c.state}${c.message ? ` (${c.message})` : ''}`).join('; ')}${why}`,
            { components: waiting },
          ),
        };
      }
      await sleep(Math.min(pollMs, Math.max(10, deadline - ctx.clock.now().getTime())), run.signal);
    }
  }

  /** The install's fields once `rec` is the live record. */
  const liveFields = (rec: RecordRow, inp: Pick<DeployInput, 'values' | 'secretValuesEnc' | 'secretParameters'>, state: InstallRow['state']): Partial<InstallRow> => ({
    template: rec.template,
    version: rec.version,
    values: inp.values,
    secretValuesEnc: inp.secretValuesEnc,
    secretParameters: inp.secretParameters,
    record: rec.number,
    state,
    operationId: null,
    updatedAt: isoNow(ctx.clock),
  });

  const auditEnd = (op: OperationRow, inp: DeployInput, action: string, details: Record<string, unknown>): Change => ({
    kind: 'audit',
    entry: {
      at: isoNow(ctx.clock),
      actor: actorRef(SYSTEM_ACTOR),
      action: `install.${action}`,
      subjectKind: 'install',
      subjectName: `${inp.environment}/${inp.install}`,
      details: { operation: op.id, record: inp.record, ...details },
    },
  });

  /**
   * After a failed rollout of an atomic operation: a new rollback record that
   * restores what was live before (or, for a first install, removes what it
   * applied). Returns the changes that end the operation. `resumed` is the
   * rollback record a run that died had already begun: it is finished, not
   * begun again (a second one would leave the first `running` for ever).
   */
  async function atomicReturn(run: OperationRunContext, client: ClusterClient, inp: DeployInput, rec: RecordRow, failure: Problem, components: ComponentStatus[], resumed?: RecordRow): Promise<HandlerOutcome> {
    const op = run.op;
    const at = isoNow(ctx.clock);
    const install = await loadInstall(inp.environment, inp.install);
    const failedRecord: Change = {
      kind: 'record.update',
      environment: rec.environment,
      install: rec.install,
      number: rec.number,
      patch: { outcome: 'failed', error: failure, components, finishedAt: at },
    };
    if (inp.previous === 0) {
      await run.setStep('atomic: remove what was applied', { state: 'running' });
      await prune(run, client, { ...rec, number: -1 }, []);
      await run.setStep('atomic: remove what was applied', { state: 'succeeded' });
      return {
        state: 'failed',
        error: failure,
        result: { record: rec.number, components },
        changes: [
          failedRecord,
          { kind: 'install.update', environment: inp.environment, name: inp.install, expectedRevision: install.revision, patch: { state: 'failed', record: rec.number, operationId: null, updatedAt: at } },
          auditEnd(op, inp, 'atomic-remove', { error: failure.type }),
        ],
      };
    }
    const target = await loadRecord(inp.environment, inp.install, inp.previous);
    const payload = openRecordPayload(ctx, target);
    const number = resumed?.number ?? Math.max(install.latestRecord, rec.number) + 1;
    const back: RecordRow = resumed ?? {
      ...target,
      number,
      action: 'rollback',
      objectsEnc: sealRecordPayload(ctx, inp.environment, inp.install, number, payload),
      applied: [],
      outcome: 'running',
      components: [],
      operationId: op.id,
      rollbackOf: target.number,
      atomicRollback: true,
      error: null,
      reason: `atomic: record ${rec.number} failed (${failure.title})`,
      startedAt: at,
      finishedAt: null,
      createdBy: actorRef(SYSTEM_ACTOR),
    };
    if (resumed === undefined) {
      await run.commit([
        failedRecord,
        { kind: 'record.insert', row: back },
        { kind: 'install.update', environment: inp.environment, name: inp.install, expectedRevision: install.revision, patch: { state: 'rolling-back', latestRecord: number, updatedAt: at } },
      ]);
      await run.log(`rollout of record ${rec.number} failed; atomic: restoring record ${target.number} as record ${number}`, 'warn');
    } else {
      await run.log(`resuming the atomic return: restoring record ${target.number} as record ${number}`, 'warn');
    }
    const applied = await applyAll(run, client, back, payload.objects, true);
    await prune(run, client, { ...back, applied }, payload.objects);
    const restored = await waitRollout(run, client, payload.objects, ctx.clock.now().getTime() + inp.timeoutMs);
    const targetInput = { values: target.values as InstallValues, secretValuesEnc: reseal(payload, inp), secretParameters: target.secretParameters };
    const fresh = await loadInstall(inp.environment, inp.install);
    return {
      state: 'failed',
      error: failure,
      result: { record: rec.number, components, rolledBackTo: number },
      changes: [
        {
          kind: 'record.update',
          environment: inp.environment,
          install: inp.install,
          number,
          patch: { applied, outcome: restored.ok ? 'succeeded' : 'failed', components: restored.components, error: restored.error ?? null, finishedAt: isoNow(ctx.clock) },
        },
        { kind: 'install.update', environment: inp.environment, name: inp.install, expectedRevision: fresh.revision, patch: liveFields(back, targetInput, restored.ok ? 'deployed' : 'failed') },
        auditEnd(op, inp, 'atomic-rollback', { restored: target.number, as: number, error: failure.type }),
      ],
    };
  }

  /** The install-level sealed secrets of a record's payload. */
  const reseal = (payload: RecordPayload, inp: DeployInput): string | null =>
    Object.keys(payload.secrets).length === 0 ? null : ctx.box.seal(JSON.stringify(payload.secrets), `install:${inp.environment}/${inp.install}:values`);

  /** One rollout ended: counted per environment on the core's metrics port. */
  const rolloutEnded = (op: OperationRow, result: 'succeeded' | 'failed' | 'cancelled', startedAt: string) => {
    const seconds = Math.max(0, ctx.clock.now().getTime() - Date.parse(startedAt)) / 1000;
    ctx.metrics?.rolloutFinished((op.input as DeployInput).environment, op.kind, result, seconds);
  };

  /**
   * The handler with its rollouts counted: a run that returns an outcome, or
   * one the engine ends without it (cancelled, past its deadline, crashed). A
   * run given back at a stop is not an end, and is not counted.
   */
  const counted = (handler: OperationHandler): OperationHandler => ({
    ...handler,
    async run(run) {
      const startedAt = run.op.startedAt ?? isoNow(ctx.clock);
      const outcome = await handler.run(run);
      rolloutEnded(run.op, outcome.state, startedAt);
      return outcome;
    },
    async abandon(op, error, state) {
      try {
        await handler.abandon(op, error, state);
      } finally {
        // Cancelled before it ever started: nothing was rolled out.
        if (op.startedAt !== null) rolloutEnded(op, state, op.startedAt);
      }
    },
  });

  const handlerFor = (kind: DeployKind): OperationHandler => ({
    kind,
    // The request's own deadline (rollout time and room for an atomic return) is on the operation; this is the fallback.
    deadlineMs: 2 * 60 * 60 * 1000,

    async run(run): Promise<HandlerOutcome> {
      const inp = run.op.input as DeployInput;
      const rec = await loadRecord(inp.environment, inp.install, inp.record);
      const env = await loadEnvironment(ctx, inp.environment);
      const { client } = await connections.forCluster(env.cluster);
      const payload = openRecordPayload(ctx, rec);
      const op = run.op;

      // Resumed after an atomic return had begun: finish that return.
      const current = await loadInstall(inp.environment, inp.install);
      if (current.latestRecord > rec.number) {
        const back = await loadRecord(inp.environment, inp.install, current.latestRecord);
        if (back.atomicRollback && back.operationId === op.id && back.outcome === 'running') {
          return atomicReturn(run, client, { ...inp, previous: back.rollbackOf ?? inp.previous }, rec, (rec.error as Problem | null) ?? problem('rollout-failed', 'resumed'), rec.components as ComponentStatus[], back);
        }
      }

      try {
        if (kind !== 'uninstall' && env.createNamespace) {
          await run.setStep('namespace', { state: 'running' });
          const ns = await client.ensureNamespace(env.namespace, { 'app.kubernetes.io/managed-by': 'caravan' }, { signal: run.signal });
          await run.setStep('namespace', { state: 'succeeded', message: ns.created ? `created ${env.namespace}` : `${env.namespace} exists` });
        }
        const applied = await applyAll(run, client, rec, payload.objects, inp.force);
        await prune(run, client, { ...rec, applied }, payload.objects);
      } catch (e) {
        if (run.signal.aborted) throw e;
        const error = failureProblem(e);
        if (inp.atomic && kind !== 'uninstall') return atomicReturn(run, client, inp, rec, error, []);
        return failEnd(op, inp, rec, error, []);
      }

      const rollout = kind === 'uninstall' ? { ok: true, components: [] as ComponentStatus[] } : await waitRollout(run, client, payload.objects, Date.parse(inp.rolloutDeadline));
      if (!rollout.ok) {
        if (inp.atomic) return atomicReturn(run, client, inp, rec, rollout.error!, rollout.components);
        return failEnd(op, inp, rec, rollout.error!, rollout.components);
      }
      const install = await loadInstall(inp.environment, inp.install);
      const at = isoNow(ctx.clock);
      return {
        state: 'succeeded',
        result: { record: rec.number, components: rollout.components },
        changes: [
          { kind: 'record.update', environment: inp.environment, install: inp.install, number: rec.number, patch: { outcome: 'succeeded', components: rollout.components, finishedAt: at } },
          {
            kind: 'install.update',
            environment: inp.environment,
            name: inp.install,
            expectedRevision: install.revision,
            patch: liveFields(rec, inp, kind === 'uninstall' ? 'uninstalled' : 'deployed'),
          },
          auditEnd(op, inp, `${kind}.succeeded`, { version: rec.version }),
        ],
      };
    },

    async abandon(op, error) {
      const inp = op.input as DeployInput;
      const install = await store.installs.get(inp.environment, inp.install);
      const rec = await store.records.get(inp.environment, inp.install, inp.record);
      const at = isoNow(ctx.clock);
      const changes: Change[] = [];
      if (rec !== undefined && rec.outcome === 'running') {
        changes.push({ kind: 'record.update', environment: inp.environment, install: inp.install, number: inp.record, patch: { outcome: 'failed', error, finishedAt: at } });
      }
      // A running atomic return of this operation ends too.
      if (install !== undefined && install.latestRecord > inp.record) {
        const back = await store.records.get(inp.environment, inp.install, install.latestRecord);
        if (back?.operationId === op.id && back.outcome === 'running') {
          changes.push({ kind: 'record.update', environment: inp.environment, install: inp.install, number: back.number, patch: { outcome: 'failed', error, finishedAt: at } });
        }
      }
      if (install !== undefined && install.operationId === op.id) {
        changes.push({
          kind: 'install.update',
          environment: inp.environment,
          name: inp.install,
          expectedRevision: install.revision,
          patch: { state: 'failed', record: Math.max(install.record, rec?.applied.length ? inp.record : install.record), operationId: null, updatedAt: at },
        });
      }
      if (changes.length > 0) await store.commit({ changes });
    },
  });

  const failEnd = async (op: OperationRow, inp: DeployInput, rec: RecordRow, error: Problem, components: ComponentStatus[]): Promise<HandlerOutcome> => {
    const install = await loadInstall(inp.environment, inp.install);
    const at = isoNow(ctx.clock);
    // What is live now is this record's objects (as far as they got), so the install shows this record, failed.
    return {
      state: 'failed',
      error,
      result: { record: rec.number, components },
      changes: [
        { kind: 'record.update', environment: inp.environment, install: inp.install, number: rec.number, patch: { outcome: 'failed', error, components, finishedAt: at } },
        { kind: 'install.update', environment: inp.environment, name: inp.install, expectedRevision: install.revision, patch: liveFields(rec, inp, 'failed') },
        auditEnd(op, inp, `${rec.action}.failed`, { error: error.type }),
      ],
    };
  };

  return DEPLOY_KINDS.map((kind) => counted(handlerFor(kind)));
}
