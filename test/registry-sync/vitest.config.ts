import { defineConfig } from 'vitest/config';

// Caravan's OCI registry sync against real docker-registry processes, with skopeo as the oracle.
export default defineConfig({
  test: {
    name: 'registry-sync',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
