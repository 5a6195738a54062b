/**
 * Builds the server package: the library (`dist/index.js`), the core on its own
 * (`dist/core/index.js`, for programs that embed the core without HTTP) and the
 * `caravan-server` bin (`dist/bin.js`, from `src/bin-entry.ts`, whose shebang
 * esbuild keeps). ESM only, Node 24. Dependencies stay external (tsup's
 * default), so native modules like better-sqlite3 load from node_modules,
 * except drizzle-orm: its package.json (180 KB, 450 exports) is parsed again by
 * Node's ESM resolver for each of the hundred-odd drizzle modules an import
 * pulls in, which cost ~1 s and ~140 MB of garbage at every start (and a heap
 * that stayed large). Bundled, only the parts the store uses are in dist and no
 * package.json is read.
 */
import { defineConfig } from 'tsup';

export default defineConfig({
  // dist/bin.js is bin-entry.ts, which sets a V8 flag before it loads bin.ts and everything else.
  entry: { index: 'src/index.ts', 'core/index': 'src/core/index.ts', bin: 'src/bin-entry.ts' },
  format: ['esm'],
  target: 'node24',
  platform: 'node',
  dts: { entry: { index: 'src/index.ts', 'core/index': 'src/core/index.ts' } },
  sourcemap: true,
  clean: true,
  splitting: true,
  tsconfig: 'tsconfig.json',
  noExternal: [/^drizzle-orm(\/|$)/],
});
