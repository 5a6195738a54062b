/**
 * Starts the harness's clusters once for the run (building the binaries
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

/**
 * One set of clusters for every project of the run that asks for them (harness-k8s, deploy-kube, story-deploy,
 * the portal example): vitest runs every project's global setup in its one main process, up front, and tears
 * them down at the end, so the first caller starts the clusters, the others share them, and the last teardown
 * stops them. A set per project meant twelve control planes idling on a 2-core machine for the whole run. The
 * projects already run one after another (sequence.groupOrder), each in namespaces of its own, and the tests that
 * stop an API server start it again.
 */
interface Shared {
  users: number;
  readonly started: Promise<{ clusters: SuiteCluster[]; workDir: string; stop: () => Promise<void> }>;
}
const SHARED = Symbol.for('caravan.harness-k8s.clusters');
const registry = globalThis as unknown as { [SHARED]?: Shared };

async function start(): Promise<{ clusters: SuiteCluster[]; workDir: string; stop: () => Promise<void> }> {
  const h = await startClusters({ log: (l) => console.log(`[harness-k8s] ${l}`) });
  console.log(`[harness-k8s] ${h.clusters.length} clusters ready in ${(h.timings.totalMs / 1000).toFixed(1)} s, ${(h.rssBytes() / 2 ** 20).toFixed(0)} MiB RSS (work dir ${h.workDir})`);
  return { clusters: h.clusters.map(pick), workDir: h.workDir, stop: () => h.stop() };
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const reuse = process.env.CARAVAN_K8S_REUSE_DIR;
  if (reuse) {
    const state = readClusterState(reuse);
    if (!state || state.clusters.length === 0) throw new Error(`CARAVAN_K8S_REUSE_DIR=${reuse} holds no running harness`);
    project.provide('harnessClusters', state.clusters.map(pick));
    project.provide('harnessWorkDir', reuse);
    return undefined;
  }
  const shared = (registry[SHARED] ??= { users: 0, started: start() });
  shared.users++;
  let h;
  try {
    h = await shared.started;
  } catch (e) {
    shared.users--;
    if (shared.users === 0) delete registry[SHARED];
    throw e;
  }
  project.provide('harnessClusters', h.clusters);
  project.provide('harnessWorkDir', h.workDir);
  return async () => {
    shared.users--;
    if (shared.users > 0) return;
    delete registry[SHARED];
    await h.stop();
  };
}
