/**
 * Rollout status (packages/server/src/core/deploy/rollout/status.ts) on what
 * real controllers and kwok make of workloads applied through Caravan's
 * client: a Deployment becomes ready, a Job completes, a Deployment whose pods
 * never become ready fails with ProgressDeadlineExceeded.
 */
import { describe, expect, it } from 'vitest';
import type { KubeClient, KubeObject } from '../../packages/server/src/core/deploy/kube/index.js';
import { componentStatus, type ComponentStatus } from '../../packages/server/src/core/deploy/rollout/status.js';
import { NEVER_READY_LABEL } from '../harness/src/k8s.js';
import { adminClient, clusters, eventually, namespace } from './helpers.js';

function deployment(name: string, ns: string, replicas: number, opts: { podLabels?: Record<string, string>; progressDeadlineSeconds?: number } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      replicas,
      ...(opts.progressDeadlineSeconds ? { progressDeadlineSeconds: opts.progressDeadlineSeconds } : {}),
      selector: { matchLabels: { app: name } },
      // kwok never pulls images, so any reference will do.
      template: { metadata: { labels: { app: name, ...opts.podLabels } }, spec: { containers: [{ name: 'app', image: 'registry.invalid/caravan/app:1.0' }] } },
    },
  };
}

/** Reads the workload and its pods (by its `app` label) and computes its status. */
async function statusOf(client: KubeClient, apiVersion: string, kind: string, ns: string, name: string): Promise<ComponentStatus> {
  const [workload, pods] = await Promise.all([
    client.get({ apiVersion, kind, namespace: ns, name }),
    client.list('v1', 'Pod', ns, { labelSelector: `app=${name}` }),
  ]);
  return componentStatus(workload, pods.items);
}

/** Polls until the status is in one of `states`; the states seen on the way are returned too. */
async function until(client: KubeClient, apiVersion: string, kind: string, ns: string, name: string, states: ComponentStatus['state'][], timeoutMs = 60_000) {
  const seen = new Set<string>();
  let last: ComponentStatus | undefined;
  const status = await eventually(`${kind} ${name} ${states.join('/')}`, async () => {
    last = await statusOf(client, apiVersion, kind, ns, name);
    seen.add(last.state);
    return states.includes(last.state) ? last : undefined;
  }, timeoutMs, 250, () => JSON.stringify(last));
  return { status, seen };
}

describe('rollout status on a real cluster', () => {
  it.each(clusters().map((c) => [c.name, c] as const))('on %s: a Deployment applied through the client becomes ready', async (_name, c) => {
    const client = await adminClient(c);
    const ns = await namespace(client, 'rollout');
    await client.apply(deployment('web', ns, 3));
    const { status } = await until(client, 'apps/v1', 'Deployment', ns, 'web', ['ready', 'failed']);
    expect(status).toEqual({ state: 'ready', replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });

    // A new template rolls out again: not ready right after the apply, ready once the new pods are.
    const next = deployment('web', ns, 3);
    (next.spec as { template: { metadata: { annotations?: Record<string, string> } } }).template.metadata.annotations = { 'caravan.dev/config-checksum': 'abc' };
    await client.apply(next);
    expect((await statusOf(client, 'apps/v1', 'Deployment', ns, 'web')).state).not.toBe('ready');
    expect((await until(client, 'apps/v1', 'Deployment', ns, 'web', ['ready', 'failed'])).status.state).toBe('ready');
  });

  it('a Deployment whose pods never become ready fails with ProgressDeadlineExceeded', async () => {
    const client = await adminClient(clusters()[0]!);
    const ns = await namespace(client, 'never-ready');
    await client.apply(deployment('stuck', ns, 2, { podLabels: { [NEVER_READY_LABEL]: 'true' }, progressDeadlineSeconds: 6 }));
    const { status, seen } = await until(client, 'apps/v1', 'Deployment', ns, 'stuck', ['ready', 'failed'], 90_000);
    expect(status).toMatchObject({ state: 'failed', reason: 'ProgressDeadlineExceeded', replicas: 2, readyReplicas: 0, availableReplicas: 0 });
    expect(status.message).toMatch(/has timed out progressing/);
    expect(seen.has('progressing')).toBe(true);
  });

  it('a Job is ready once it has completed', async () => {
    const client = await adminClient(clusters()[1]!);
    const ns = await namespace(client, 'job');
    await client.apply({
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: ns },
      spec: {
        backoffLimit: 0,
        template: { metadata: { labels: { app: 'migrate' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image: 'registry.invalid/caravan/migrate:1.0' }] } },
      },
    });
    const { status } = await until(client, 'batch/v1', 'Job', ns, 'migrate', ['ready', 'failed']);
    expect(status).toMatchObject({ state: 'ready', replicas: 1, availableReplicas: 1 });
  });

  it('a CronJob is ready as soon as it exists', async () => {
    const client = await adminClient(clusters()[2]!);
    const ns = await namespace(client, 'cron');
    const { object } = await client.apply({
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'report', namespace: ns },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'r', image: 'registry.invalid/r:1' }] } } } } },
    });
    expect(componentStatus(object).state).toBe('ready');
  });
});
