import { defineConfig } from 'vitest/config';

// The SDK's fake (`@caravan/sdk/testing`) against the real app: one scenario run
// through both, in-process (`fetch: app.fetch`), with the same answers; and the
// SDK's wait fallback against the real server. Imports @caravan/sdk,
// @caravan/sdk/testing and @caravan/server from their builds: `npm run build`
// first (the root `npm test` does it).
export default defineConfig({
  test: {
    name: 'sdk-fake',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
