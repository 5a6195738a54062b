import { defineConfig } from 'vitest/config';

// The portal built with Vite and served by `vite preview`, whose proxy forwards /v1 to a real
// Caravan server, driven in headless Chromium (Debian's /usr/bin/chromium through playwright-core)
// against the harness's real Kubernetes clusters. Imports @caravan/sdk and @caravan/server from
// their builds: `npm run build` at the root first (the root `npm test` does it).
export default defineConfig({
  test: {
    name: 'portal',
    root: import.meta.dirname,
    include: ['test/**/*.test.ts'],
    globalSetup: ['../../test/harness-k8s/global-setup.ts'],
    // Projects that start control planes run one group after another (deploy-kube 2, story-deploy 3): this one last.
    sequence: { groupOrder: 4 },
    fileParallelism: false,
    // Rollouts on a busy 2-core machine running three control planes; each wait has its own deadline.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
