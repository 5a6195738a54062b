/**
 * The store conformance suite on a real PostgreSQL (Debian's server, started
 * by the test harness, or `CARAVAN_TEST_PG_URL`), one fresh database per test
 * (a copy of one migrated database),
 * plus what only PostgreSQL has to prove: replicas migrating at once.
 *
 * When PostgreSQL cannot be started these tests fail; `CARAVAN_SKIP_PG=1`
 * skips them, and says so.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type Postgres } from '../../../../test/harness/src/postgres.js';
import { openStore } from '../../src/core/store/open-store.js';
import { StoreConflictError, type Store } from '../../src/core/store/port.js';
import { describeStoreConformance } from './store-conformance.js';
import { templateRow, versionRow } from './store-fixtures.js';

const skip = process.env.CARAVAN_SKIP_PG === '1';

if (skip) {
  console.warn('CARAVAN_SKIP_PG=1: the PostgreSQL store suite is skipped; the store is NOT verified on PostgreSQL in this run.');
  describe.skip('the PostgreSQL store (skipped: CARAVAN_SKIP_PG=1)', () => {
    it('runs the conformance suite on PostgreSQL', () => undefined);
  });
} else {
  let server: Postgres | undefined;
  /** A migrated database that each test's database is copied from (CREATE DATABASE ... TEMPLATE), which is faster than migrating each. */
  let template: string | undefined;

  beforeAll(async () => {
    server = await startPostgres();
    const url = await server.createDatabase();
    const store = await openStore(url);
    await store.close();
    template = new URL(url).pathname.slice(1);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

  /** Runs one statement on the server's `postgres` database. */
  async function admin(url: string, statement: string): Promise<void> {
    const target = new URL(url);
    target.pathname = '/postgres';
    const client = new pg.Client({ connectionString: target.toString() });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  }

  const dropDatabase = (url: string) => admin(url, `DROP DATABASE IF EXISTS ${quote(new URL(url).pathname.slice(1))} WITH (FORCE)`);

  /** A new, empty database (no tables, no migrations applied). */
  async function freshDatabase(): Promise<string> {
    if (server === undefined) throw new Error('PostgreSQL did not start (see the error of beforeAll)');
    return server.createDatabase();
  }

  let copies = 0;
  describeStoreConformance('PostgreSQL', async () => {
    if (server === undefined || template === undefined) throw new Error('PostgreSQL did not start (see the error of beforeAll)');
    const url = new URL(server.url);
    url.pathname = `/${template}_${++copies}`;
    await admin(url.toString(), `CREATE DATABASE ${quote(`${template}_${copies}`)} TEMPLATE ${quote(template)}`);
    return { open: () => openStore(url.toString()), dispose: () => dropDatabase(url.toString()) };
  });

  describe('the PostgreSQL store', () => {
    it('migrates once when several replicas start on an empty database at the same moment', async () => {
      const url = await freshDatabase();
      const stores: Store[] = [];
      try {
        stores.push(...(await Promise.all(Array.from({ length: 4 }, () => openStore(url)))));
        await stores[0]!.templates.insert(templateRow('shop'));
        for (const s of stores) expect((await s.templates.get('shop'))?.name).toBe('shop');
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          const applied = await client.query('select count(*)::int as n from drizzle.__drizzle_migrations');
          expect(applied.rows[0].n).toBeGreaterThan(0);
          const journal = await import('../../drizzle/postgres/meta/_journal.json', { with: { type: 'json' } });
          expect(applied.rows[0].n).toBe(journal.default.entries.length);
        } finally {
          await client.end();
        }
      } finally {
        for (const s of stores) await s.close();
        await dropDatabase(url);
      }
    });

    it('keys the version numbers of a database from before precedence keys at the next start', async () => {
      // The database as the first migration alone left it, with numbers written then (two spellings of 2.0 included).
      const folder = mkdtempSync(path.join(os.tmpdir(), 'caravan-pg-first-migration-'));
      const url = await freshDatabase();
      try {
        cpSync(fileURLToPath(new URL('../../drizzle/postgres/', import.meta.url)), folder, { recursive: true });
        const journalFile = path.join(folder, 'meta', '_journal.json');
        const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: unknown[] };
        writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, 1) }));
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await migrate(drizzle({ client }), { migrationsFolder: folder });
          for (const v of ['1.0', '2.0', '2.0.0']) {
            await client.query('insert into version_numbers (template, version, created_at) values ($1, $2, $3)', ['shop', v, '2026-01-01T00:00:00.000Z']);
          }
        } finally {
          await client.end();
        }
        const store = await openStore(url);
        try {
          await store.templates.insert(templateRow('shop'));
          const e = await store.versions.insert(versionRow('shop', '1.0.0')).catch((error: unknown) => error);
          expect(e).toBeInstanceOf(StoreConflictError);
          expect((e as StoreConflictError).existing).toBe('1.0');
          await expect(store.versions.insert(versionRow('shop', '2.0'))).rejects.toBeInstanceOf(StoreConflictError);
          await store.versions.insert(versionRow('shop', '1.1'));
        } finally {
          await store.close();
        }
      } finally {
        rmSync(folder, { recursive: true, force: true });
        await dropDatabase(url);
      }
    });

    it('has a data version that stays put across reads and moves with a write by this store or another connection', async () => {
      const url = await freshDatabase();
      const store = await openStore(url);
      const other = new pg.Client({ connectionString: url });
      await other.connect();
      try {
        const version = () => store.dataVersion!();
        const v0 = await version();
        await store.templates.list({ limit: 10 });
        await store.templates.get('shop');
        expect(await version()).toBe(v0);

        await store.templates.insert(templateRow('shop'));
        const v1 = await version();
        expect(v1).not.toBe(v0);
        // Asked together: one answer for all, the same as asked alone.
        expect(await Promise.all([version(), version(), version()])).toEqual([v1, v1, v1]);

        expect((await other.query("update templates set description = 'elsewhere' where name = 'shop'")).rowCount).toBe(1);
        const v2 = await version();
        expect(v2).not.toBe(v1);
        expect(await version()).toBe(v2);
      } finally {
        await other.end();
        await store.close();
        await dropDatabase(url);
      }
    });

    it('reports an unreachable database as a failed start, not a hang', async () => {
      const url = (await freshDatabase()).replace(/\/[^/]*$/, '/no_such_database');
      await expect(openStore(url)).rejects.toThrow(/no_such_database/);
    });
  });
}
