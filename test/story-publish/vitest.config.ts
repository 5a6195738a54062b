import { defineConfig } from 'vitest/config';

// Issue 4's story step 5 end to end: the real server driven through the SDK
// (in-process and over a socket) against the harness's real docker-registry
// processes, with skopeo as the oracle. Imports @caravan/sdk and
// @caravan/server from their builds and runs the built bin: `npm run build` first
// (the root `npm test` does it).
export default defineConfig({
  test: {
    name: 'story-publish',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    // Registries, copies of tens of MB through a throttled link, a child server: be generous on a busy 2-core box.
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
