import { defineConfig } from 'vitest/config';

// The harness's own registries, images and PostgreSQL, tested against real processes.
export default defineConfig({
  test: {
    name: 'harness-registry',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
