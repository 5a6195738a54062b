// Builds @caravan/sdk as ESM + CJS with declarations for both, for Node and browsers. `testing` is an
// entry of its own (`@caravan/sdk/testing`): the fake stays out of the client's bundle, and the two
// share one copy of the code they have in common (errors, pages, streams), in CJS too (`splitting`).
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
});
