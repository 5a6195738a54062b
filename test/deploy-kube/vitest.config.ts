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
    // Projects on the harness's clusters (one set, shared: global-setup.ts) run one group after another, after
    // the light ones (group 0): a test that stops an API server must not surprise another project. This one: the deployer's client.
    sequence: { groupOrder: 2 },
    // One file at a time: cluster-down.test.ts stops an API server, which must not surprise another file.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
