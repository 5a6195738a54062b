/**
 * Bundles the SDK's published build (packages/sdk/dist/index.js, what npm
 * consumers import) and the page's story script for the browser with esbuild,
 * in memory. Any `node:` import fails the build: code that needs a Node
 * built-in does not run in a browser.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, '../../..');
export const SDK_DIST = path.join(REPO, 'packages/sdk/dist/index.js');
const STORY = path.join(here, '../page/story.ts');

/** Fails the build at the first `node:` import, naming who imports it. */
export const noNodeBuiltins: Plugin = {
  name: 'no-node-builtins',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => ({
      errors: [{ text: `${args.path} is imported by ${path.relative(REPO, args.importer) || args.importer}: a Node built-in has no place in browser code` }],
    }));
  },
};

/** What the SDK is built for: a browser, the code left as published (no down-levelling). */
export const browserOptions: BuildOptions = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  write: false,
  metafile: true,
  logLevel: 'silent',
  plugins: [noNodeBuiltins],
};

export interface Bundle {
  readonly code: string;
  readonly bytes: number;
  /** Files that went into it, relative to the repository. */
  readonly inputs: string[];
}

function bundleOf(result: { outputFiles?: { text: string; contents: Uint8Array }[]; metafile?: Metafile }): Bundle {
  const out = result.outputFiles?.[0];
  if (!out) throw new Error('esbuild produced no output');
  return { code: out.text, bytes: out.contents.byteLength, inputs: Object.keys(result.metafile?.inputs ?? {}) };
}

/** The SDK's published ESM build and everything it imports, as one browser module. */
export async function bundleSdk(): Promise<Bundle> {
  if (!fs.existsSync(SDK_DIST)) throw new Error(`${SDK_DIST} does not exist: build first (npm run build, or ./dev npx turbo run build)`);
  return bundleOf(await build({ ...browserOptions, absWorkingDir: REPO, entryPoints: [SDK_DIST] }));
}

/** The page's story script; its `@caravan/sdk` import is left to the browser, pointed at the SDK bundle served beside it. */
export async function bundleStory(sdkUrl: string): Promise<Bundle> {
  const sdkIsServed: Plugin = {
    name: 'sdk-is-served',
    setup(b) {
      b.onResolve({ filter: /^@caravan\/sdk$/ }, () => ({ path: sdkUrl, external: true }));
    },
  };
  return bundleOf(await build({ ...browserOptions, absWorkingDir: REPO, entryPoints: [STORY], plugins: [noNodeBuiltins, sdkIsServed] }));
}
