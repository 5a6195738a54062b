/**
 * Rules the core keeps in one place, so a fix there reaches every caller:
 * JSON-pointer escaping (`app-model/json-pointer.ts`), the DNS-1123 label
 * (`app-model/formats.ts`) and the store's time format (`clock.ts`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const coreDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/core');

function sourcesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourcesUnder(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

/** Core files (relative to src/core) whose text contains `needle`. */
function filesContaining(needle: string | RegExp, under = ''): string[] {
  return sourcesUnder(path.join(coreDir, under))
    .filter((f) => {
      const text = fs.readFileSync(f, 'utf8');
      return typeof needle === 'string' ? text.includes(needle) : needle.test(text);
    })
    .map((f) => path.relative(coreDir, f));
}

describe('the core', () => {
  it('escapes JSON-pointer tokens only in the app model’s json-pointer module', () => {
    expect(filesContaining("'~0'")).toEqual([path.join('app-model', 'json-pointer.ts')]);
  });

  it('spells the DNS-1123 label pattern only in the app model’s formats', () => {
    expect(filesContaining('[a-z0-9]([-a-z0-9]*[a-z0-9])?$/')).toEqual([path.join('app-model', 'formats.ts')]);
  });

  it('formats the times its operations and services write through the clock module', () => {
    const pattern = /clock\.now\(\)\.toISOString\(\)|clock\.now\(\)\.getTime\(\) \+/;
    expect([...filesContaining(pattern, 'operations'), ...filesContaining(pattern, 'services')]).toEqual([]);
    expect(filesContaining(pattern, '.')).toContain('clock.ts');
  });
});
