import { defineConfig } from 'vitest/config';

// The story's steps 1-4 and 7-9 through the SDK against the harness's three
// real Kubernetes control planes (one per cluster) and real registries:
// register clusters, bind environments, install, upgrade, atomic return,
// rollback, conflicts, a stopped cluster, scoped operators. Imports
// @caravan/sdk and @caravan/server from their builds: `npm run build` first
// (the root `npm test` does it).
export default defineConfig({
  test: {
    name: 'story-deploy',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    globalSetup: ['../harness-k8s/global-setup.ts'],
    // Projects on the harness's clusters (one set, shared: global-setup.ts) run one group after another, after
    // the light ones (group 0): a test that stops an API server must not surprise another project. This one: the story.
    sequence: { groupOrder: 3 },
    // One file at a time: the clusters are shared, and one file stops an API server on purpose.
    fileParallelism: false,
    // Rollouts on a busy 2-core machine running three control planes: generous, but each wait has its own deadline.
    testTimeout: 240_000,
    hookTimeout: 180_000,
  },
});
