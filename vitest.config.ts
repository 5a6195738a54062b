import { defineConfig } from 'vitest/config';

// Each package, each cross-package suite under test/ and each example with its own
// package (examples/backstage, examples/portal) is its own project with its own config.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'test/*/vitest.config.ts', 'examples/*/vitest.config.ts'],
  },
});
