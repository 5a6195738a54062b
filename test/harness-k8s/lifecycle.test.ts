/**
 * The harness's own contract, on a small cluster of its own: the state file
 * records every process, stopping by that state (what `harness down` does)
 * leaves none running, and a second start over a running one is refused.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readClusterState, startClusters, stopClusters } from '../harness/src/k8s.js';
import { isRunning } from '../harness/src/k8s-process.js';

describe('harness lifecycle', () => {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-harness-k8s-lifecycle-'));
  afterAll(async () => {
    await stopClusters(workDir);
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('records every process it starts and stops them all from the state file', async () => {
    const h = await startClusters({ names: ['probe'], nodes: 1, workDir, keepRunning: true });
    const state = readClusterState(workDir)!;
    expect(state.daemons.map((d) => d.name).sort()).toEqual(
      ['etcd', 'probe/kube-apiserver', 'probe/kube-controller-manager', 'probe/kube-scheduler', 'probe/kwok'],
    );
    expect(state.daemons.every(isRunning)).toBe(true);
    expect(h.clusters[0]!.kubeconfigPath).toBe(path.join(workDir, 'clusters', 'probe', 'kubeconfig.yaml'));

    await expect(startClusters({ names: ['probe'], nodes: 1, workDir })).rejects.toThrow(/already running/);

    expect(await stopClusters(workDir)).toBe(5);
    expect(state.daemons.filter(isRunning)).toEqual([]);
  });
});
