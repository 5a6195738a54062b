/**
 * Finds the drizzle-kit migrations of a dialect (`packages/server/drizzle/<dialect>`)
 * from wherever this module runs: the TypeScript sources under `src/core/store`
 * or a bundle in `dist/`, both inside the package that ships `drizzle/`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function migrationsFolder(dialect: 'sqlite' | 'postgres'): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'drizzle', dialect);
    if (existsSync(path.join(candidate, 'meta', '_journal.json'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no drizzle/${dialect} migrations found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
