import { defineProject } from 'vitest/config';

// The Kubernetes harness itself (test/harness/src/k8s.ts), against real
// control planes: one start for the whole suite, shared by every test file.
export default defineProject({
  test: {
    name: 'harness-k8s',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    globalSetup: ['./global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
