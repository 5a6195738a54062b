import { defineConfig } from 'vitest/config';

// The API reference page (/docs) of the built server (packages/server/dist),
// opened in headless Chromium (Debian's /usr/bin/chromium through
// playwright-core, as test/browser-sdk does). Needs `npm run build` first (the
// root `npm test` does it) and the chromium package (.ci/run installs it from
// test/harness/apt-packages.txt). Leaves a screenshot in test/.artifacts/.
export default defineConfig({
  test: {
    name: 'api-reference',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    // A browser start and a 1 MB script on a busy 2-core box can take a while.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
