/**
 * Builds the server package: the library (`dist/index.js`), the core on its own
 * (`dist/core/index.js`, for programs that embed the core without HTTP) and the
 * `caravan-server` bin (`dist/bin.js`, whose shebang esbuild keeps). ESM only,
 * Node 24; dependencies stay external (tsup's default), so native modules like
 * better-sqlite3 load from node_modules.
 */
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'core/index': 'src/core/index.ts', bin: 'src/bin.ts' },
  format: ['esm'],
  target: 'node24',
  platform: 'node',
  dts: { entry: { index: 'src/index.ts', 'core/index': 'src/core/index.ts' } },
  sourcemap: true,
  clean: true,
  splitting: true,
  tsconfig: 'tsconfig.json',
});
