/**
 * Starts the harness's clusters once for the suite (building the binaries
 * first if the cache is cold) and hands their kubeconfig paths to the tests.
 * Set CARAVAN_K8S_REUSE_DIR to the work dir of a running `harness up` to test
 * against that instead (it is left running).
 */
import type { TestProject } from 'vitest/node';
import { readClusterState, startClusters, type HarnessCluster } from '../harness/src/k8s.js';

export type SuiteCluster = Pick<HarnessCluster, 'name' | 'server' | 'kubeconfigPath' | 'tokenKubeconfigPath' | 'tokenNamespace' | 'nodeNames'>;

declare module 'vitest' {
  export interface ProvidedContext {
    harnessClusters: SuiteCluster[];
    /** The harness's work dir (state file), for stopApiServer/startApiServer from a test. */
    harnessWorkDir: string;
  }
}

const pick = (c: HarnessCluster): SuiteCluster => ({
  name: c.name, server: c.server, kubeconfigPath: c.kubeconfigPath,
  tokenKubeconfigPath: c.tokenKubeconfigPath, tokenNamespace: c.tokenNamespace, nodeNames: c.nodeNames,
});

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const reuse = process.env.CARAVAN_K8S_REUSE_DIR;
  if (reuse) {
    const state = readClusterState(reuse);
    if (!state || state.clusters.length === 0) throw new Error(`CARAVAN_K8S_REUSE_DIR=${reuse} holds no running harness`);
    project.provide('harnessClusters', state.clusters.map(pick));
    project.provide('harnessWorkDir', reuse);
    return undefined;
  }
  const h = await startClusters({ log: (l) => console.log(`[harness-k8s] ${l}`) });
  console.log(`[harness-k8s] ${h.clusters.length} clusters ready in ${(h.timings.totalMs / 1000).toFixed(1)} s, ${(h.rssBytes() / 2 ** 20).toFixed(0)} MiB RSS (work dir ${h.workDir})`);
  project.provide('harnessClusters', h.clusters.map(pick));
  project.provide('harnessWorkDir', h.workDir);
  return () => h.stop();
}
