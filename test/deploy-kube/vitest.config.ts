import { defineProject } from 'vitest/config';

// Caravan's Kubernetes client (packages/server/src/core/deploy/kube) and its
// rollout status rules against the harness's real control planes: one start
// of the clusters for the whole suite, shared by every test file.
export default defineProject({
  test: {
    name: 'deploy-kube',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    globalSetup: ['./global-setup.ts'],
    // Projects that start control planes run one group after another, after the light ones (group 0):
    // three sets of Kubernetes processes at once would starve a 2-core machine. This one: the deployer's client.
    sequence: { groupOrder: 2 },
    // One file at a time: cluster-down.test.ts stops an API server, which must not surprise another file.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
