import { defineProject } from 'vitest/config';

// The Kubernetes harness itself (test/harness/src/k8s.ts), against real
// control planes: one start for the whole suite, shared by every test file.
export default defineProject({
  test: {
    name: 'harness-k8s',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    globalSetup: ['./global-setup.ts'],
    // Projects on the harness's clusters (one set, shared: global-setup.ts) run one group after another, after
    // the light ones (group 0): a test that stops an API server must not surprise another project. This one: the harness itself.
    sequence: { groupOrder: 1 },
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
