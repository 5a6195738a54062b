// Builds @caravan/contracts as ESM + CJS with declarations for both. `problems` and
// `states` are entries of their own (subpaths without zod, for the SDK's browser bundle).
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/problems.ts', 'src/states.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
});
