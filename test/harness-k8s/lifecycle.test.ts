/**
 * The harness's own contract, on two small clusters of its own (so stopping
 * an API server disturbs no other test): the state file records every
 * process, a second start over a running one is refused, one cluster's API
 * server can be stopped and started again (same address, certificates and
 * data) while the other cluster carries on, and stopping by the state file
 * (what `harness down` does) leaves no process running, restarted ones included.
 * The tests share the clusters and run in order.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readClusterState, startApiServer, startClusters, stopClusters, type HarnessClusters } from '../harness/src/k8s.js';
import { isRunning } from '../harness/src/k8s-process.js';
import { admin, condition, deployment, eventually, uniqueName } from './clients.js';

/** What a client sees of a call: its HTTP status, or the network error code (ECONNREFUSED). */
async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return 'ok';
  } catch (e) {
    if (e instanceof k8s.ApiException) return `HTTP ${e.code}`;
    const err = e as { code?: string; cause?: { code?: string }; message?: string };
    return err.code ?? err.cause?.code ?? err.message ?? String(e);
  }
}

describe('harness lifecycle', () => {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-harness-k8s-lifecycle-'));
  let h: HarnessClusters;
  beforeAll(async () => {
    h = await startClusters({ names: ['probe', 'bystander'], nodes: 1, workDir, keepRunning: true });
  });
  afterAll(async () => {
    await stopClusters(workDir);
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('records every process it starts and refuses a second start in the same dir', async () => {
    const state = readClusterState(workDir)!;
    expect(state.daemons.map((d) => d.name).sort()).toEqual([
      'bystander/kube-apiserver', 'bystander/kube-controller-manager', 'bystander/kube-scheduler', 'bystander/kwok',
      'etcd', 'probe/kube-apiserver', 'probe/kube-controller-manager', 'probe/kube-scheduler', 'probe/kwok',
    ]);
    expect(state.daemons.every(isRunning)).toBe(true);
    expect(h.clusters[0]!.kubeconfigPath).toBe(path.join(workDir, 'clusters', 'probe', 'kubeconfig.yaml'));
    await expect(startClusters({ names: ['probe'], nodes: 1, workDir })).rejects.toThrow(/already running/);
  });

  it('stops one API server so its clients get ECONNREFUSED while the other cluster answers, and brings it back on the same address with its objects', async () => {
    const [probe, bystander] = h.clusters.map(admin) as [ReturnType<typeof admin>, ReturnType<typeof admin>];
    const cm = uniqueName('survivor');
    await probe.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: cm }, data: { k: 'v' } } });

    await h.stopApiServer('probe');
    expect(await outcome(() => probe.core.readNamespacedConfigMap({ name: cm, namespace: 'default' }))).toBe('ECONNREFUSED');
    expect(await outcome(() => bystander.core.listNamespace())).toBe('ok');
    // Its controller manager, scheduler and kwok keep running, waiting for it.
    const others = readClusterState(workDir)!.daemons.filter((d) => d.name.startsWith('probe/') && d.name !== 'probe/kube-apiserver');
    expect(others.every(isRunning)).toBe(true);

    // Back through the state file, as a test process other than the starter would do it.
    const before = readClusterState(workDir)!.daemons.find((d) => d.name === 'probe/kube-apiserver')!;
    await startApiServer(workDir, 'probe');
    const after = readClusterState(workDir)!.daemons.find((d) => d.name === 'probe/kube-apiserver')!;
    expect(after.pid).not.toBe(before.pid);
    expect(isRunning(after)).toBe(true);
    // The very same client (address, CA, client certificate) works again, and the data is still there.
    expect((await probe.core.readNamespacedConfigMap({ name: cm, namespace: 'default' })).data).toEqual({ k: 'v' });

    // The controllers and kwok reconnected: a new Deployment still becomes Available.
    await probe.apps.createNamespacedDeployment({ namespace: 'default', body: deployment('after-restart', 1) });
    await eventually('Deployment Available after the restart', async () => {
      const d = await probe.apps.readNamespacedDeployment({ name: 'after-restart', namespace: 'default' });
      return condition(d, 'Available')?.status === 'True' ? d : undefined;
    }, 90_000);
  });

  it('stops every process from the state file, the restarted API server included', async () => {
    const state = readClusterState(workDir)!;
    expect(await stopClusters(workDir)).toBe(9);
    expect(state.daemons.filter(isRunning)).toEqual([]);
  });
});
