import { defineProject } from 'vitest/config';

// The server package's tests: the store on real SQLite files and a real PostgreSQL, the core, the HTTP face.
export default defineProject({
  test: {
    name: 'server',
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
