/**
 * The SDK's browser bundle: bundled for the browser from its build, it pulls
 * none of the contract's zod schemas (the SDK imports only the zod-free
 * subpaths of @caravan/contracts at run time).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/index.js');

describe('the browser bundle', () => {
  it('bundled for the browser, the SDK build contains no zod', async () => {
    if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: build the SDK first (npm run build)`);
    const result = await build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent' });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((i) => i.includes('@caravan/contracts') || i.includes('packages/contracts'))).toBe(true);
    expect(inputs.filter((i) => /(^|\/)zod\//.test(i) || i.includes('/generated/zod'))).toEqual([]);
  });
});
