import { defineConfig } from 'vitest/config';

// The Backstage plugin against real parts: Backstage's own test backend (startTestBackend) with the
// plugin and Caravan in it, the harness's docker registries for a publish, its PostgreSQL for
// Backstage's database. The card's test brings its own DOM (global-jsdom, its first import).
// Imports @caravan/server and @caravan/sdk from their builds: `npm run build` first (the root
// `npm test` does it).
export default defineConfig({
  test: {
    name: 'backstage',
    root: import.meta.dirname,
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // card.test.tsx puts jsdom's window on the global object: each file gets a fresh process (Vitest's default, kept).
    isolate: true,
    // Its ESM imports `@mui/material/Popover`, a directory Node's own ESM loader refuses; Vite resolves it.
    server: { deps: { inline: ['material-ui-popup-state'] } },
  },
});
