import { defineConfig } from 'vitest/config';

// The SDK's published build (packages/sdk/dist) bundled for the browser and
// driven in headless Chromium (Debian's /usr/bin/chromium through
// playwright-core) against the real Caravan app on the same origin. Needs
// `npm run build` first (the root `npm test` does it) and the chromium
// package (.ci/run installs it from test/harness/apt-packages.txt).
export default defineConfig({
  test: {
    name: 'browser-sdk',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    // A browser start on a busy 2-core box can take a while.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
