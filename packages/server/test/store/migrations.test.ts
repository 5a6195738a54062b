/**
 * The committed migrations match the drizzle schemas: a schema change without
 * `drizzle-kit generate` (see packages/server/drizzle/*.config.ts) fails here,
 * before it reaches a database.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateDrizzleJson, generateMigration, generateSQLiteDrizzleJson, generateSQLiteMigration } from 'drizzle-kit/api';
import { describe, expect, it } from 'vitest';
import * as pgSchema from '../../src/core/store/postgres/schema.js';
import * as sqliteSchema from '../../src/core/store/sqlite/schema.js';

function latestSnapshot(dialect: 'sqlite' | 'postgres'): unknown {
  const folder = fileURLToPath(new URL(`../../drizzle/${dialect}/meta/`, import.meta.url));
  const journal = JSON.parse(readFileSync(`${folder}_journal.json`, 'utf8')) as { entries: { idx: number }[] };
  const last = journal.entries[journal.entries.length - 1]!;
  return JSON.parse(readFileSync(`${folder}${String(last.idx).padStart(4, '0')}_snapshot.json`, 'utf8'));
}

describe('the store migrations', () => {
  it('cover every change of the SQLite schema', async () => {
    const current = await generateSQLiteDrizzleJson(sqliteSchema);
    const pending = await generateSQLiteMigration(latestSnapshot('sqlite') as never, current);
    expect(pending).toEqual([]);
  });

  it('cover every change of the PostgreSQL schema', async () => {
    const current = generateDrizzleJson(pgSchema);
    const pending = await generateMigration(latestSnapshot('postgres') as never, current);
    expect(pending).toEqual([]);
  });
});
