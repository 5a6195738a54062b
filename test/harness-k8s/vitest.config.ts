import { defineProject } from 'vitest/config';

// The Kubernetes harness itself (test/harness/src/k8s.ts), against real
// control planes: one start for the whole suite, shared by every test file.
export default defineProject({
  test: {
    name: 'harness-k8s',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    globalSetup: ['./global-setup.ts'],
    // Projects that start control planes run one group after another, after the light ones (group 0):
    // three sets of Kubernetes processes at once would starve a 2-core machine. This one: the harness itself.
    sequence: { groupOrder: 1 },
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
