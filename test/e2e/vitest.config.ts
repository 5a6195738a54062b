import { defineConfig } from 'vitest/config';

// End to end: the built caravan-server bin as a child process (crash, restart,
// graceful stop), the SDK against it over HTTP and in-process, and the examples.
// Needs `npm run build` first (the root `npm test` does it).
export default defineConfig({
  test: {
    name: 'e2e',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Child processes and ports: keep files apart from each other's timing.
    fileParallelism: false,
  },
});
