import { defineConfig } from 'vitest/config';

// Each package and each cross-package suite under test/ is its own project with its own config.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'test/*/vitest.config.ts'],
  },
});
