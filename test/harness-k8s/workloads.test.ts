/**
 * What the controllers and kwok make of workloads: Deployments become
 * Available and roll to a new ReplicaSet, Jobs complete, CronJobs are
 * accepted, the never-ready label keeps pods unready, garbage collection and
 * namespace deletion complete. (StatefulSets: volumes.test.ts.)
 */
import type * as k8s from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { admin, clusters, condition, createNamespace, deployment, eventually, mergePatch, podReady, statusOf, tokenUser, uniqueName } from './clients.js';

const NEVER_READY = 'harness.caravan.dev/never-ready';

describe('workloads on harness clusters', () => {
  it.each(clusters().map((c) => [c.name, c] as const))('on %s an applied Deployment becomes Available with all replicas ready', async (_name, c) => {
    const api = admin(c);
    const ns = await createNamespace(api, 'deploy');
    await api.apps.createNamespacedDeployment({ namespace: ns, body: deployment('web', 3) });

    const d = await eventually('Deployment web Available with 3 ready replicas', async () => {
      const d = await api.apps.readNamespacedDeployment({ name: 'web', namespace: ns });
      return condition(d, 'Available')?.status === 'True' && d.status?.readyReplicas === 3 && d.status?.availableReplicas === 3 ? d : undefined;
    });
    expect(d.status?.updatedReplicas).toBe(3);
    const pods = await api.core.listNamespacedPod({ namespace: ns, labelSelector: 'app=web' });
    expect(pods.items).toHaveLength(3);
    for (const p of pods.items) {
      expect(p.status?.phase).toBe('Running');
      expect(c.nodeNames).toContain(p.spec?.nodeName);
      expect(p.status?.podIP).toMatch(/^10\.244\./);
    }
    await api.core.deleteNamespace({ name: ns });
  });

  it('rolls a Deployment whose pod template changed onto a new ReplicaSet and scales the old one to zero', async () => {
    const c = clusters()[0]!;
    const api = admin(c);
    const ns = await createNamespace(api, 'roll');
    await api.apps.createNamespacedDeployment({ namespace: ns, body: deployment('web', 3) });
    const rolledOut = (d: k8s.V1Deployment) => (d.status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 1)
      && d.status?.updatedReplicas === 3 && d.status?.availableReplicas === 3 && d.status?.replicas === 3
      && condition(d, 'Progressing')?.reason === 'NewReplicaSetAvailable';
    await eventually('first rollout', async () => {
      const d = await api.apps.readNamespacedDeployment({ name: 'web', namespace: ns });
      return rolledOut(d) ? d : undefined;
    });
    const [firstRs] = (await api.apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: 'app=web' })).items;

    await api.apps.patchNamespacedDeployment({
      name: 'web', namespace: ns,
      body: { spec: { template: { spec: { containers: [{ name: 'app', image: 'registry.invalid/caravan/app:1.1' }] } } } },
    }, mergePatch);
    const d = await eventually('second rollout', async () => {
      const d = await api.apps.readNamespacedDeployment({ name: 'web', namespace: ns });
      return d.metadata?.generation === 2 && rolledOut(d) ? d : undefined;
    }, 90_000);
    expect(d.status?.observedGeneration).toBe(2);
    const sets = (await api.apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: 'app=web' })).items;
    expect(sets).toHaveLength(2);
    const old = sets.find((r) => r.metadata?.uid === firstRs!.metadata?.uid)!;
    const current = sets.find((r) => r.metadata?.uid !== firstRs!.metadata?.uid)!;
    expect(old.status?.replicas).toBe(0);
    expect(current.status?.readyReplicas).toBe(3);
    // kwok's pod-delete stage removes the old pods (a rollout would hang on Terminating ones otherwise).
    await eventually('only the three new pods left', async () => {
      const pods = (await api.core.listNamespacedPod({ namespace: ns, labelSelector: 'app=web' })).items;
      return pods.length === 3 && pods.every((p) => p.spec?.containers[0]?.image === 'registry.invalid/caravan/app:1.1' && podReady(p)) ? true : undefined;
    }, 30_000);
    await api.core.deleteNamespace({ name: ns });
  });

  it('completes a Job once kwok has run its pods', async () => {
    const c = clusters()[1]!;
    const api = admin(c);
    const ns = await createNamespace(api, 'job');
    await api.batch.createNamespacedJob({
      namespace: ns,
      body: {
        metadata: { name: 'migrate' },
        spec: {
          completions: 2, parallelism: 2, backoffLimit: 0,
          template: { spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image: 'registry.invalid/caravan/migrate:1.0' }] } },
        },
      },
    });
    const job = await eventually('Job Complete', async () => {
      const j = await api.batch.readNamespacedJob({ name: 'migrate', namespace: ns });
      return j.status?.conditions?.some((x) => x.type === 'Complete' && x.status === 'True') ? j : undefined;
    });
    expect(job.status?.succeeded).toBe(2);
    expect(job.status?.failed ?? 0).toBe(0);
    const pods = (await api.core.listNamespacedPod({ namespace: ns, labelSelector: 'batch.kubernetes.io/job-name=migrate' })).items;
    expect(pods.map((p) => p.status?.phase)).toEqual(['Succeeded', 'Succeeded']);
    await api.core.deleteNamespace({ name: ns });
  });

  it('accepts a CronJob from the token user in its namespace', async () => {
    const c = clusters()[2]!;
    const t = tokenUser(c);
    const name = uniqueName('nightly');
    const created = await t.batch.createNamespacedCronJob({
      namespace: c.tokenNamespace,
      body: {
        metadata: { name },
        spec: {
          schedule: '0 3 * * *',
          jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'report', image: 'registry.invalid/caravan/report:1.0' }] } } } },
        },
      },
    });
    expect(created.spec?.concurrencyPolicy).toBe('Allow');
    const read = await t.batch.readNamespacedCronJob({ name, namespace: c.tokenNamespace });
    expect(read.spec?.schedule).toBe('0 3 * * *');
    expect(await statusOf(() => t.batch.createNamespacedCronJob({ namespace: c.tokenNamespace, body: { metadata: { name: uniqueName('bad') }, spec: { schedule: 'not a schedule', jobTemplate: { spec: { template: { spec: { containers: [] } } } } } } }))).toBe(422);
    await t.batch.deleteNamespacedCronJob({ name, namespace: c.tokenNamespace });
  });

  it('keeps pods labelled never-ready running but unready, while a normal pod beside them becomes ready', async () => {
    const c = clusters()[0]!;
    const api = admin(c);
    const ns = await createNamespace(api, 'never-ready');
    await api.apps.createNamespacedDeployment({ namespace: ns, body: deployment('stuck', 2, { [NEVER_READY]: 'true' }, { progressDeadlineSeconds: 10 }) });
    await api.apps.createNamespacedDeployment({ namespace: ns, body: deployment('fine', 1) });

    // Bounded wait: the normal Deployment must make it, or the cluster itself is broken.
    await eventually('normal Deployment Available', async () => {
      const d = await api.apps.readNamespacedDeployment({ name: 'fine', namespace: ns });
      return condition(d, 'Available')?.status === 'True' ? d : undefined;
    }, 60_000);
    // kwok has acted on the never-ready pods (Running, with an IP) and left them unready.
    const stuckPods = await eventually('never-ready pods Running', async () => {
      const pods = await api.core.listNamespacedPod({ namespace: ns, labelSelector: 'app=stuck' });
      return pods.items.length === 2 && pods.items.every((p) => p.status?.phase === 'Running') ? pods.items : undefined;
    }, 30_000);
    for (const p of stuckPods) {
      expect(podReady(p), p.metadata?.name).toBe(false);
      expect(p.status?.podIP).toBeTruthy();
      expect(p.status?.containerStatuses?.[0]?.ready).toBe(false);
    }
    // Once the progress deadline passes, the Deployment says so, as a real stuck rollout would.
    const stuck = await eventually('ProgressDeadlineExceeded', async () => {
      const d = await api.apps.readNamespacedDeployment({ name: 'stuck', namespace: ns });
      return condition(d, 'Progressing')?.reason === 'ProgressDeadlineExceeded' ? d : undefined;
    }, 60_000);
    expect(condition(stuck, 'Available')?.status).toBe('False');
    expect(stuck.status?.readyReplicas ?? 0).toBe(0);
    const again = await api.core.listNamespacedPod({ namespace: ns, labelSelector: 'app=stuck' });
    expect(again.items.filter(podReady)).toHaveLength(0);
    await api.core.deleteNamespace({ name: ns });
  });

  it('garbage-collects the ReplicaSet and Pods of a deleted Deployment, then completes namespace deletion', async () => {
    const c = clusters()[1]!;
    const api = admin(c);
    const ns = await createNamespace(api, 'gc');
    await api.apps.createNamespacedDeployment({ namespace: ns, body: deployment('doomed', 2) });
    await eventually('pods of doomed ready', async () => {
      const pods = await api.core.listNamespacedPod({ namespace: ns, labelSelector: 'app=doomed' });
      return pods.items.length === 2 && pods.items.every(podReady) ? true : undefined;
    });
    expect((await api.apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: 'app=doomed' })).items).toHaveLength(1);

    await api.apps.deleteNamespacedDeployment({ name: 'doomed', namespace: ns, propagationPolicy: 'Background' });
    await eventually('ReplicaSet and Pods gone', async () => {
      const [rs, pods] = await Promise.all([
        api.apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: 'app=doomed' }),
        api.core.listNamespacedPod({ namespace: ns, labelSelector: 'app=doomed' }),
      ]);
      return rs.items.length === 0 && pods.items.length === 0 ? true : undefined;
    });

    // A namespace with live content must drain fully (namespace controller + kwok's pod-delete stage).
    await api.apps.createNamespacedDeployment({ namespace: ns, body: deployment('left-behind', 1) });
    await api.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'settings' }, data: { a: '1' } } });
    await eventually('left-behind pod ready', async () => {
      const pods = await api.core.listNamespacedPod({ namespace: ns, labelSelector: 'app=left-behind' });
      return pods.items.some(podReady) ? true : undefined;
    });
    await api.core.deleteNamespace({ name: ns });
    await eventually('namespace deleted', async () => ((await statusOf(() => api.core.readNamespace({ name: ns }))) === 404 ? true : undefined), 90_000);
  });

  it('deletes a Deployment with foreground propagation once its dependents are gone', async () => {
    const c = clusters()[2]!;
    const api = admin(c);
    const ns = await createNamespace(api, 'foreground');
    await api.apps.createNamespacedDeployment({ namespace: ns, body: deployment('fg', 1) });
    await eventually('fg pod ready', async () => {
      const pods = await api.core.listNamespacedPod({ namespace: ns, labelSelector: 'app=fg' });
      return pods.items.some(podReady) ? true : undefined;
    });
    await api.apps.deleteNamespacedDeployment({ name: 'fg', namespace: ns, propagationPolicy: 'Foreground' });
    await eventually('fg Deployment gone', async () =>
      ((await statusOf(() => api.apps.readNamespacedDeployment({ name: 'fg', namespace: ns }))) === 404 ? true : undefined));
    expect((await api.core.listNamespacedPod({ namespace: ns })).items).toHaveLength(0);
    await api.core.deleteNamespace({ name: ns });
  });
});
