/**
 * Rollout status of a component from its workload and pods, on objects shaped
 * as the API server returns them. Each rule of kubectl rollout status /
 * kstatus that the deployer relies on has a case that fails without it.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/core/deploy/kube/resources.js';
import { componentStatus, podProblems } from '../../src/core/deploy/rollout/status.js';

type Status = Record<string, unknown>;

function deployment(status: Status, opts: { replicas?: number; generation?: number; deleting?: boolean } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: {
      name: 'web', namespace: 'shop', uid: '0b7c', generation: opts.generation ?? 2, resourceVersion: '1234',
      ...(opts.deleting ? { deletionTimestamp: '2026-05-01T10:00:00Z' } : {}),
    },
    spec: {
      ...(opts.replicas !== undefined ? { replicas: opts.replicas } : {}),
      progressDeadlineSeconds: 600,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'registry.example/web:1.1' }] } },
    },
    status,
  };
}

const progressing = (reason: string, message: string) => ({ type: 'Progressing', status: reason === 'ProgressDeadlineExceeded' ? 'False' : 'True', reason, message, lastUpdateTime: '2026-05-01T10:00:00Z', lastTransitionTime: '2026-05-01T09:50:00Z' });
const available = (status: 'True' | 'False') => ({ type: 'Available', status, reason: status === 'True' ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable', message: 'Deployment has minimum availability.' });

/** A Deployment of 3 that finished rolling out generation 2. */
const doneStatus: Status = {
  observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3,
  conditions: [available('True'), progressing('NewReplicaSetAvailable', 'ReplicaSet "web-5d8f7c" has successfully progressed.')],
};

function pod(name: string, status: Status, opts: { deleting?: boolean } = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'shop', labels: { app: 'web' }, ...(opts.deleting ? { deletionTimestamp: '2026-05-01T10:00:00Z' } : {}) },
    spec: { containers: [{ name: 'app', image: 'registry.example/web:1.1' }], nodeName: 'node-1' },
    status,
  };
}

const waitingPod = (name: string, reason: string, message: string, extra: Status = {}) => pod(name, {
  phase: 'Pending',
  conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'False', reason: 'ContainersNotReady' }],
  containerStatuses: [{ name: 'app', ready: false, restartCount: 0, image: 'registry.example/web:1.1', imageID: '', state: { waiting: { reason, message } }, ...extra }],
});
const readyPod = (name: string) => pod(name, {
  phase: 'Running',
  conditions: [{ type: 'Ready', status: 'True' }],
  containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: { startedAt: '2026-05-01T10:00:00Z' } } }],
});

describe('a Deployment', () => {
  it('is ready once every desired replica is updated and available', () => {
    expect(componentStatus(deployment(doneStatus, { replicas: 3 }))).toEqual({ state: 'ready', replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
  });

  it('defaults to one desired replica', () => {
    const s = componentStatus(deployment({ observedGeneration: 2, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 }));
    expect(s).toMatchObject({ state: 'ready', replicas: 1 });
  });

  it('is pending until its controller has observed the current generation', () => {
    const s = componentStatus(deployment({ ...doneStatus, observedGeneration: 1 }, { replicas: 3, generation: 2 }));
    expect(s.state).toBe('pending');
    expect(s.message).toMatch(/observe generation 2/);
    expect(componentStatus(deployment({}, { replicas: 3 })).state).toBe('pending');
  });

  it('is progressing while fewer replicas than desired are updated', () => {
    const s = componentStatus(deployment({ ...doneStatus, updatedReplicas: 1, replicas: 3 }, { replicas: 3 }));
    expect(s).toMatchObject({ state: 'progressing', message: 'waiting for rollout: 1 of 3 new replicas have been updated' });
  });

  it('is progressing while old replicas are still terminating', () => {
    const s = componentStatus(deployment({ ...doneStatus, replicas: 4 }, { replicas: 3 }));
    expect(s).toMatchObject({ state: 'progressing', message: 'waiting for rollout: 1 old replicas are pending termination' });
  });

  it('is progressing after a scale-down until the extra replicas are gone', () => {
    const s = componentStatus(deployment({ ...doneStatus, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }, { replicas: 2 }));
    expect(s).toMatchObject({ state: 'progressing', message: 'waiting for rollout: 1 extra replicas are pending termination' });
  });

  it('is progressing while updated replicas are not yet available', () => {
    const s = componentStatus(deployment({ ...doneStatus, availableReplicas: 2, readyReplicas: 2 }, { replicas: 3 }));
    expect(s).toMatchObject({ state: 'progressing', availableReplicas: 2, message: 'waiting for rollout: 2 of 3 updated replicas are available' });
  });

  it('has failed when its progress deadline is exceeded, and says why with the pods\' reasons', () => {
    const status = {
      observedGeneration: 2, replicas: 2, updatedReplicas: 2, readyReplicas: 0, availableReplicas: 0, unavailableReplicas: 2,
      conditions: [available('False'), progressing('ProgressDeadlineExceeded', 'ReplicaSet "web-7f9c" has timed out progressing.')],
    };
    const pods = [
      waitingPod('web-7f9c-a1', 'ImagePullBackOff', 'Back-off pulling image "registry.example/web:1.1"'),
      waitingPod('web-7f9c-b2', 'ImagePullBackOff', 'Back-off pulling image "registry.example/web:1.1"'),
    ];
    expect(componentStatus(deployment(status, { replicas: 2 }), pods)).toEqual({
      state: 'failed', replicas: 2, updatedReplicas: 2, readyReplicas: 0, availableReplicas: 0,
      reason: 'ProgressDeadlineExceeded',
      message: 'ReplicaSet "web-7f9c" has timed out progressing.; pod web-7f9c-a1 container app: ImagePullBackOff: Back-off pulling image "registry.example/web:1.1" (and 1 more pod)',
    });
    // A stale ProgressDeadlineExceeded from an older generation does not fail the new rollout (kubectl checks generation first).
    expect(componentStatus(deployment({ ...status, observedGeneration: 1 }, { replicas: 2 })).state).toBe('pending');
  });

  it('names the pods\' own reason while it is still progressing', () => {
    const status = { ...doneStatus, availableReplicas: 0, readyReplicas: 0 };
    const s = componentStatus(deployment(status, { replicas: 3 }), [
      readyPod('web-old-1'),
      pod('web-new-1', {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'False' }],
        containerStatuses: [{
          name: 'app', ready: false, restartCount: 4,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 1m20s restarting failed container=app pod=web-new-1' } },
          lastState: { terminated: { reason: 'Error', exitCode: 1, startedAt: '2026-05-01T10:00:00Z', finishedAt: '2026-05-01T10:00:02Z' } },
        }],
      }),
    ]);
    expect(s.state).toBe('progressing');
    expect(s.reason).toBe('CrashLoopBackOff');
    expect(s.message).toBe('waiting for rollout: 0 of 3 updated replicas are available; pod web-new-1 container app: CrashLoopBackOff: back-off 1m20s restarting failed container=app pod=web-new-1; last exit: Error with code 1');
  });

  it('says when its ReplicaSet cannot create pods', () => {
    const status = {
      observedGeneration: 2, replicas: 0, updatedReplicas: 0,
      conditions: [available('False'), progressing('ReplicaSetUpdated', 'ReplicaSet "web-7f9c" is progressing.'),
        { type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'pods "web-7f9c-" is forbidden: error looking up service account shop/web: serviceaccount "web" not found' }],
    };
    const s = componentStatus(deployment(status, { replicas: 2 }));
    expect(s).toMatchObject({ state: 'progressing', reason: 'FailedCreate' });
    expect(s.message).toMatch(/serviceaccount "web" not found/);
  });

  it('is progressing while it is being deleted', () => {
    expect(componentStatus(deployment(doneStatus, { replicas: 3, deleting: true }))).toMatchObject({ state: 'progressing', reason: 'Terminating' });
  });

  it('is ready with the pods\' problems ignored once rolled out', () => {
    const s = componentStatus(deployment(doneStatus, { replicas: 3 }), [waitingPod('web-x', 'ErrImagePull', 'pull failed')]);
    expect(s).toEqual({ state: 'ready', replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
  });
});

function statefulSet(status: Status, spec: Status = {}, generation = 3): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'shop', generation },
    spec: {
      replicas: 3, serviceName: 'db', podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      selector: { matchLabels: { app: 'db' } },
      template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:17' }] } },
      ...spec,
    },
    status,
  };
}

const stsDone: Status = {
  observedGeneration: 3, replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, availableReplicas: 3,
  currentRevision: 'db-6b7f9d8c5', updateRevision: 'db-6b7f9d8c5', collisionCount: 0,
};

describe('a StatefulSet', () => {
  it('is ready when all replicas are ready at the update revision', () => {
    expect(componentStatus(statefulSet(stsDone))).toEqual({ state: 'ready', replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
  });

  it('is pending until observed (an observedGeneration of 0 counts as not observed)', () => {
    expect(componentStatus(statefulSet({ ...stsDone, observedGeneration: 2 })).state).toBe('pending');
    expect(componentStatus(statefulSet({ ...stsDone, observedGeneration: 0 }, {}, 0)).state).toBe('pending');
  });

  it('is progressing while fewer replicas than desired are ready', () => {
    const s = componentStatus(statefulSet({ ...stsDone, readyReplicas: 2, availableReplicas: 2 }));
    expect(s).toMatchObject({ state: 'progressing', readyReplicas: 2, message: 'waiting for rollout: 2 of 3 pods are ready' });
  });

  it('is progressing until the current revision is the update revision', () => {
    const s = componentStatus(statefulSet({ ...stsDone, updateRevision: 'db-7c9a1e2f4', updatedReplicas: 1, currentReplicas: 2 }));
    expect(s).toMatchObject({ state: 'progressing', message: 'waiting for rollout: 1 of 3 pods are at revision db-7c9a1e2f4' });
  });

  it('with a partition is ready once the pods above it are updated', () => {
    const spec = { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } };
    const partial = { ...stsDone, updateRevision: 'db-7c9a1e2f4', updatedReplicas: 1, currentReplicas: 2 };
    expect(componentStatus(statefulSet(partial, spec)).state).toBe('ready');
    expect(componentStatus(statefulSet({ ...partial, updatedReplicas: 0 }, spec))).toMatchObject({
      state: 'progressing', message: 'waiting for partitioned rollout: 0 of 1 new pods have been updated',
    });
  });

  it('with OnDelete updates needs only its ready replicas', () => {
    const s = componentStatus(statefulSet({ ...stsDone, updateRevision: 'db-7c9a1e2f4' }, { updateStrategy: { type: 'OnDelete' } }));
    expect(s.state).toBe('ready');
  });

  it('names an unschedulable pod', () => {
    const s = componentStatus(statefulSet({ ...stsDone, readyReplicas: 2, availableReplicas: 2 }), [
      pod('db-2', {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.' }],
      }),
    ]);
    expect(s).toMatchObject({ state: 'progressing', reason: 'Unschedulable' });
    expect(s.message).toContain('pod db-2: Unschedulable: 0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.');
  });
});

function job(status: Status, spec: Status = {}): KubeObject {
  return {
    apiVersion: 'batch/v1', kind: 'Job',
    metadata: { name: 'migrate', namespace: 'shop', generation: 1 },
    spec: { completions: 1, parallelism: 1, backoffLimit: 2, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image: 'x' }] } }, ...spec },
    status,
  };
}

describe('a Job', () => {
  it('is pending until started, progressing while running, ready when complete', () => {
    expect(componentStatus(job({})).state).toBe('pending');
    expect(componentStatus(job({ startTime: '2026-05-01T10:00:00Z', active: 1, ready: 1 }))).toMatchObject({
      state: 'progressing', readyReplicas: 1, message: 'running: 1 active, 0 of 1 succeeded',
    });
    expect(componentStatus(job({
      startTime: '2026-05-01T10:00:00Z', completionTime: '2026-05-01T10:00:30Z', succeeded: 1, ready: 0,
      conditions: [{ type: 'SuccessCriteriaMet', status: 'True' }, { type: 'Complete', status: 'True' }],
    }))).toEqual({ state: 'ready', replicas: 1, updatedReplicas: 1, readyReplicas: 0, availableReplicas: 1 });
  });

  it('has failed with the Job\'s own reason', () => {
    const s = componentStatus(job({
      startTime: '2026-05-01T10:00:00Z', failed: 3,
      conditions: [
        { type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
        { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
      ],
    }));
    expect(s).toMatchObject({ state: 'failed', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
  });

  it('has failed as soon as the controller decided so (FailureTarget), before its pods are gone', () => {
    const s = componentStatus(job({
      startTime: '2026-05-01T10:00:00Z', failed: 1, active: 1,
      conditions: [{ type: 'FailureTarget', status: 'True', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' }],
    }));
    expect(s).toMatchObject({ state: 'failed', reason: 'DeadlineExceeded' });
  });

  it('that is suspended counts as ready', () => {
    expect(componentStatus(job({}, { suspend: true }))).toMatchObject({ state: 'ready', message: 'suspended' });
  });

  it('names a container that cannot start for missing configuration', () => {
    const s = componentStatus(job({ startTime: '2026-05-01T10:00:00Z', active: 1 }), [
      waitingPod('migrate-x7k2p', 'CreateContainerConfigError', 'secret "db-credentials" not found'),
    ]);
    expect(s).toMatchObject({ state: 'progressing', reason: 'CreateContainerConfigError' });
    expect(s.message).toContain('pod migrate-x7k2p container app: CreateContainerConfigError: secret "db-credentials" not found');
  });
});

describe('a CronJob', () => {
  it('is ready as soon as it exists', () => {
    const cron: KubeObject = {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'report', namespace: 'shop', generation: 1 },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'r', image: 'x' }] } } } } },
      status: {},
    };
    expect(componentStatus(cron)).toEqual({ state: 'ready', replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0 });
  });
});

describe('a component not created yet', () => {
  it('is pending', () => {
    expect(componentStatus(undefined)).toMatchObject({ state: 'pending', reason: 'NotFound' });
  });
});

describe('the pods\' problems', () => {
  it('list the most actionable first, skip pods being deleted, and include init containers', () => {
    const problems = podProblems([
      waitingPod('a', 'CrashLoopBackOff', 'back-off'),
      waitingPod('b', 'ErrImagePull', 'manifest unknown'),
      waitingPod('old', 'CreateContainerConfigError', 'configmap "x" not found', {}),
      pod('gone', { phase: 'Pending', containerStatuses: [{ name: 'app', state: { waiting: { reason: 'CreateContainerConfigError', message: 'm' } } }] }, { deleting: true }),
      pod('c', {
        phase: 'Pending',
        initContainerStatuses: [{ name: 'wait-db', state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "busybox"' } } }],
        containerStatuses: [{ name: 'app', state: { waiting: { reason: 'PodInitializing' } } }],
      }),
      pod('evicted', { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' }),
    ]);
    expect(problems.map((p) => [p.pod, p.container, p.reason])).toEqual([
      ['old', 'app', 'CreateContainerConfigError'],
      ['c', 'wait-db', 'ImagePullBackOff'],
      ['b', 'app', 'ErrImagePull'],
      ['a', 'app', 'CrashLoopBackOff'],
      ['evicted', undefined, 'Evicted'],
    ]);
  });

  it('are summarised by reason, at most three, in the component\'s message', () => {
    const s = componentStatus(deployment({ ...doneStatus, availableReplicas: 0 }, { replicas: 3 }), [
      waitingPod('p1', 'ErrImagePull', 'e1'), waitingPod('p2', 'CrashLoopBackOff', 'e2'),
      waitingPod('p3', 'CreateContainerError', 'e3'), waitingPod('p4', 'RunContainerError', 'e4'), waitingPod('p5', 'ErrImagePull', 'e1'),
    ]);
    expect(s.reason).toBe('ErrImagePull');
    expect(s.message).toBe('waiting for rollout: 0 of 3 updated replicas are available; pod p1 container app: ErrImagePull: e1 (and 1 more pod); '
      + 'pod p2 container app: CrashLoopBackOff: e2; pod p3 container app: CreateContainerError: e3; and 1 more problem');
  });
});
