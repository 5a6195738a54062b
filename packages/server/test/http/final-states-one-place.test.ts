/**
 * The final operation states are listed once, in @caravan/contracts
 * (`FINAL_OPERATION_STATES`): the engine, the HTTP event streams and the SDK
 * read that table instead of spelling their own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

function sourcesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'generated' ? [] : sourcesUnder(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

describe('final operation states', () => {
  it('are spelled as a list only in the contracts package state table', () => {
    const list = /['"]succeeded['"],\s*['"]failed['"],\s*['"]cancelled['"]/;
    const spelled = ['packages/server/src', 'packages/sdk/src', 'packages/contracts/src']
      .flatMap((dir) => sourcesUnder(path.join(root, dir)))
      .filter((f) => list.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(root, f));
    expect(spelled).toEqual([path.join('packages', 'contracts', 'src', 'states.ts')]);
  });
});
