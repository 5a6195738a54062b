/**
 * Rollout status of one component, from its workload object and its pods:
 * pure functions, no I/O, so the deployer can poll however it likes and the
 * rules are tested on recorded objects.
 *
 * The rules follow `kubectl rollout status` (kubectl
 * pkg/polymorphichelpers/rollout_status.go) with the additions kstatus makes
 * (cli-utils pkg/kstatus/status/core.go); see design notes/deploying.md §2:
 * - every kind: not yet observed (`status.observedGeneration` absent or behind
 *   `metadata.generation`) is `pending`; a deletionTimestamp is `progressing`.
 * - Deployment: `ProgressDeadlineExceeded` is `failed`; otherwise waiting while
 *   updated < desired, while old replicas remain (status.replicas > updated),
 *   while extra replicas remain (status.replicas > desired, kstatus), and while
 *   available < updated.
 * - StatefulSet: waiting until readyReplicas >= desired; then with a
 *   partition > 0, until updated >= desired - partition; without one, until
 *   currentRevision == updateRevision. OnDelete needs only the ready count.
 * - Job: Complete is `ready`, Failed (or FailureTarget) is `failed`, suspended
 *   is `ready` (kstatus), not started is `pending`, else `progressing`.
 * - CronJob: `ready` once it exists.
 * The pods' own reasons (image pulls, crash loops, missing config,
 * unschedulable) never change the state (the rollout deadline decides), but
 * they become the reason and message of a component that is not ready, since
 * they say what an operator must fix.
 */
import type { KubeObject } from '../kube/resources.js';

export type ComponentState = 'pending' | 'progressing' | 'ready' | 'failed';

export interface ComponentStatus {
  readonly state: ComponentState;
  /** Desired replicas (for a Job: completions wanted; 0 for a CronJob). */
  readonly replicas: number;
  /** Replicas running the current template (for a Job: succeeded pods). */
  readonly updatedReplicas: number;
  readonly readyReplicas: number;
  /** Ready for at least minReadySeconds (for a Job: succeeded pods). */
  readonly availableReplicas: number;
  /** A Kubernetes reason when one explains the state: ProgressDeadlineExceeded, BackoffLimitExceeded, ImagePullBackOff, Unschedulable, ... */
  readonly reason?: string;
  /** What is being waited for or what went wrong, in words, including the pods' own messages. */
  readonly message?: string;
}

/** Something wrong with one pod that an operator can act on. */
export interface PodProblem {
  readonly pod: string;
  readonly container?: string;
  readonly reason: string;
  readonly message: string;
}

interface Condition { type?: string; status?: string; reason?: string; message?: string }
type Obj = Record<string, unknown>;

const num = (v: unknown, dflt = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : dflt);
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const conditions = (status: Obj): Condition[] => (Array.isArray(status.conditions) ? (status.conditions as Condition[]) : []);
const condition = (status: Obj, type: string): Condition | undefined => conditions(status).find((c) => c.type === type);

/**
 * The status of a workload (Deployment, StatefulSet, Job, CronJob) given the
 * pods it owns (select them with its selector). `undefined` means it does not
 * exist (yet): `pending`. Other kinds are ready unless a Ready condition says
 * otherwise (kstatus's generic rule).
 */
export function componentStatus(workload: KubeObject | undefined, pods: readonly KubeObject[] = []): ComponentStatus {
  if (!workload) return { state: 'pending', replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0, reason: 'NotFound', message: 'not created yet' };
  const base = rawStatus(workload);
  if (base.state === 'ready') return base;
  const problems = podProblems(pods);
  if (problems.length === 0) return base;
  const podText = describeProblems(problems);
  return {
    ...base,
    // A named failure of the workload (ProgressDeadlineExceeded, BackoffLimitExceeded) stays the reason; the pods explain it.
    reason: base.state === 'failed' && base.reason ? base.reason : problems[0]!.reason,
    message: base.message ? `${base.message}; ${podText}` : podText,
  };
}

function rawStatus(w: KubeObject): ComponentStatus {
  const spec = obj(w.spec);
  const status = obj(w.status);
  switch (w.kind) {
    case 'Deployment': return deployment(w, spec, status);
    case 'StatefulSet': return statefulSet(w, spec, status);
    case 'Job': return job(spec, status);
    case 'CronJob': return { state: 'ready', replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0 };
    default: {
      const ready = condition(status, 'Ready');
      const counts = { replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0 };
      if (!ready || ready.status === 'True') return { state: 'ready', ...counts };
      return { state: 'progressing', ...counts, ...(ready.reason ? { reason: ready.reason } : {}), message: ready.message ?? `${w.kind} is not Ready` };
    }
  }
}

/** Deleting, or not yet observed by its controller: the state before any replica rule applies. */
function lifecycle(w: KubeObject, status: Obj, requireNonZero: boolean): Pick<ComponentStatus, 'state' | 'reason' | 'message'> | undefined {
  if (w.metadata.deletionTimestamp) return { state: 'progressing', reason: 'Terminating', message: `${w.kind} is being deleted` };
  const observed = status.observedGeneration;
  const generation = num(w.metadata.generation, 0);
  if (typeof observed !== 'number' || (requireNonZero && observed === 0) || observed < generation) {
    return { state: 'pending', message: `waiting for the ${w.kind} controller to observe generation ${generation}` };
  }
  return undefined;
}

function deployment(w: KubeObject, spec: Obj, status: Obj): ComponentStatus {
  const desired = num(spec.replicas, 1);
  const counts = {
    replicas: desired,
    updatedReplicas: num(status.updatedReplicas),
    readyReplicas: num(status.readyReplicas),
    availableReplicas: num(status.availableReplicas),
  };
  const early = lifecycle(w, status, false);
  if (early) return { ...counts, ...early };

  const progressing = condition(status, 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return { ...counts, state: 'failed', reason: 'ProgressDeadlineExceeded', message: progressing.message ?? `${w.metadata.name} exceeded its progress deadline` };
  }
  const total = num(status.replicas);
  const { updatedReplicas: updated, availableReplicas: available } = counts;
  let waiting: string | undefined;
  if (updated < desired) waiting = `${updated} of ${desired} new replicas have been updated`;
  else if (total > updated) waiting = `${total - updated} old replicas are pending termination`;
  else if (total > desired) waiting = `${total - desired} extra replicas are pending termination`;
  else if (available < updated) waiting = `${available} of ${updated} updated replicas are available`;
  if (!waiting) return { ...counts, state: 'ready' };

  // The ReplicaSet could not create pods (quota, admission, a missing ServiceAccount): say so.
  const replicaFailure = condition(status, 'ReplicaFailure');
  if (replicaFailure?.status === 'True') {
    return { ...counts, state: 'progressing', reason: replicaFailure.reason ?? 'ReplicaFailure', message: `${waiting}; ${replicaFailure.message ?? 'pods cannot be created'}` };
  }
  return { ...counts, state: 'progressing', message: `waiting for rollout: ${waiting}` };
}

function statefulSet(w: KubeObject, spec: Obj, status: Obj): ComponentStatus {
  const desired = num(spec.replicas, 1);
  const ready = num(status.readyReplicas);
  const counts = {
    replicas: desired,
    updatedReplicas: num(status.updatedReplicas),
    readyReplicas: ready,
    availableReplicas: num(status.availableReplicas, ready),
  };
  const early = lifecycle(w, status, true);
  if (early) return { ...counts, ...early };

  if (ready < desired) return { ...counts, state: 'progressing', message: `waiting for rollout: ${ready} of ${desired} pods are ready` };
  const strategy = obj(spec.updateStrategy);
  if (strategy.type === 'OnDelete') return { ...counts, state: 'ready' };
  const partition = num(obj(strategy.rollingUpdate).partition, 0);
  if (partition > 0) {
    const wanted = desired - partition;
    if (counts.updatedReplicas < wanted) {
      return { ...counts, state: 'progressing', message: `waiting for partitioned rollout: ${counts.updatedReplicas} of ${wanted} new pods have been updated` };
    }
    return { ...counts, state: 'ready' };
  }
  const { updateRevision, currentRevision } = status as { updateRevision?: string; currentRevision?: string };
  if (updateRevision !== currentRevision) {
    return { ...counts, state: 'progressing', message: `waiting for rollout: ${counts.updatedReplicas} of ${desired} pods are at revision ${updateRevision ?? '?'}` };
  }
  return { ...counts, state: 'ready' };
}

function job(spec: Obj, status: Obj): ComponentStatus {
  const succeeded = num(status.succeeded);
  const counts = {
    replicas: num(spec.completions, 1),
    updatedReplicas: succeeded,
    readyReplicas: num(status.ready),
    availableReplicas: succeeded,
  };
  const isTrue = (type: string) => { const c = condition(status, type); return c?.status === 'True' ? c : undefined; };
  if (isTrue('Complete')) return { ...counts, state: 'ready' };
  const failed = isTrue('Failed') ?? isTrue('FailureTarget');
  if (failed) return { ...counts, state: 'failed', reason: failed.reason ?? 'Failed', message: failed.message ?? 'the Job failed' };
  if (spec.suspend === true) return { ...counts, state: 'ready', message: 'suspended' };
  if (!status.startTime) return { ...counts, state: 'pending', message: 'waiting for the Job controller to start it' };
  const active = num(status.active);
  const failures = num(status.failed);
  return {
    ...counts,
    state: 'progressing',
    message: `running: ${active} active, ${succeeded} of ${counts.replicas} succeeded${failures > 0 ? `, ${failures} failed` : ''}`,
  };
}

/** Container waiting reasons worth an operator's attention, most actionable first. */
const WAITING_REASONS = [
  'CreateContainerConfigError', 'InvalidImageName', 'ErrImageNeverPull', 'ImagePullBackOff', 'ErrImagePull',
  'CrashLoopBackOff', 'CreateContainerError', 'RunContainerError', 'PreStartHookError', 'PostStartHookError',
];
const rank = (reason: string): number => {
  const i = WAITING_REASONS.indexOf(reason);
  if (i >= 0) return i;
  return reason === 'Unschedulable' ? WAITING_REASONS.length : WAITING_REASONS.length + 1;
};

/** What is wrong with the pods, most actionable first. Pods being deleted are left out (old replicas going away). */
export function podProblems(pods: readonly KubeObject[]): PodProblem[] {
  const out: PodProblem[] = [];
  for (const p of pods) {
    if (p.metadata.deletionTimestamp) continue;
    const pod = p.metadata.name ?? '?';
    const status = obj(p.status);
    const statuses = [
      ...(Array.isArray(status.initContainerStatuses) ? status.initContainerStatuses : []),
      ...(Array.isArray(status.containerStatuses) ? status.containerStatuses : []),
    ] as Array<{ name?: string; state?: { waiting?: { reason?: string; message?: string } }; lastState?: { terminated?: { reason?: string; exitCode?: number; message?: string } } }>;
    for (const c of statuses) {
      const waiting = c.state?.waiting;
      if (!waiting?.reason || !WAITING_REASONS.includes(waiting.reason)) continue;
      let message = waiting.message ?? waiting.reason;
      const last = c.lastState?.terminated;
      if (waiting.reason === 'CrashLoopBackOff' && last) {
        message = `${message}; last exit: ${last.reason ?? 'terminated'} with code ${last.exitCode ?? '?'}${last.message ? `: ${last.message.trim()}` : ''}`;
      }
      out.push({ pod, ...(c.name ? { container: c.name } : {}), reason: waiting.reason, message });
    }
    const scheduled = condition(status, 'PodScheduled');
    if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
      out.push({ pod, reason: 'Unschedulable', message: scheduled.message ?? 'no node can run it' });
    }
    if (status.phase === 'Failed' && typeof status.reason === 'string') {
      out.push({ pod, reason: status.reason, message: typeof status.message === 'string' ? status.message : `pod failed: ${status.reason}` });
    }
  }
  // Stable: same rank keeps the pods' order.
  return out.map((p, i) => [p, i] as const).sort((a, b) => rank(a[0].reason) - rank(b[0].reason) || a[1] - b[1]).map(([p]) => p);
}

/** One line per distinct reason (at most three), with how many pods share it. */
function describeProblems(problems: readonly PodProblem[]): string {
  const byReason = new Map<string, PodProblem[]>();
  for (const p of problems) byReason.set(p.reason, [...(byReason.get(p.reason) ?? []), p]);
  const parts = [...byReason.values()].slice(0, 3).map((group) => {
    const first = group[0]!;
    const pods = new Set(group.map((g) => g.pod)).size;
    const where = `pod ${first.pod}${first.container ? ` container ${first.container}` : ''}`;
    return `${where}: ${first.reason}: ${first.message}${pods > 1 ? ` (and ${pods - 1} more pod${pods > 2 ? 's' : ''})` : ''}`;
  });
  const more = byReason.size - 3;
  return parts.join('; ') + (more > 0 ? `; and ${more} more problem${more > 1 ? 's' : ''}` : '');
}
